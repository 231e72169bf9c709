/**
 * The behaviour every Storage backend shares, written once and registered by each backend's
 * test file (catalog/storage/local-storage.test.ts, test/catalog/storage.s3.test.ts).
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Storage, StoredObject } from '../../catalog/index.ts'

/** Writes `content` to a fresh scratch file and stores it under `key`. */
export type PutText = (storage: Storage, key: string, content: string | Buffer) => Promise<void>

/** A scratch folder for source files, removed after the calling file's tests. */
export function scratchFiles(): PutText {
  let dir = ''
  let count = 0
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-src-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))
  return async (storage, key, content) => {
    const file = join(dir, `source-${count++}`)
    await writeFile(file, content)
    await storage.put(key, file)
  }
}

/** `Array.fromAsync(storage.list(prefix))`, which Node 20 lacks. */
export async function listObjects(storage: Storage, prefix?: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for await (const object of storage.list(prefix)) objects.push(object)
  return objects
}

export async function listAll(storage: Storage, prefix?: string): Promise<string[]> {
  return (await listObjects(storage, prefix)).map((object) => object.key)
}

async function only(storage: Storage, key: string): Promise<StoredObject> {
  const found = (await listObjects(storage, key)).filter((object) => object.key === key)
  expect(found).toHaveLength(1)
  return found[0]!
}

/** Registers the shared tests; `create` returns a fresh, empty storage on every call. */
export function storageContract(create: () => Storage): void {
  const putText = scratchFiles()

  it('stores a file and reads it back from a local path', async () => {
    const storage = create()
    await putText(storage, 'runs/2024/part-0.csv', 'ts,value\n1,2\n')
    const path = await storage.localPath('runs/2024/part-0.csv')
    expect(await readFile(path, 'utf8')).toBe('ts,value\n1,2\n')
    const object = await only(storage, 'runs/2024/part-0.csv')
    expect(object.size).toBe(13)
    expect(object.etag).not.toBe('')
    expect(Math.abs(object.lastModified.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('lists nested keys in key order, filtered by a plain string prefix', async () => {
    const storage = create()
    for (const key of ['ab', 'a/x', 'a/b/z', 'a-b/y', 'c/d/e/f']) await putText(storage, key, key)
    // '-' sorts before '/', so key order is not the order of a folder walk.
    expect(await listAll(storage)).toEqual(['a-b/y', 'a/b/z', 'a/x', 'ab', 'c/d/e/f'])
    expect(await listAll(storage, 'a')).toEqual(['a-b/y', 'a/b/z', 'a/x', 'ab'])
    expect(await listAll(storage, 'a/')).toEqual(['a/b/z', 'a/x'])
    expect(await listAll(storage, 'a/b')).toEqual(['a/b/z'])
    expect(await listAll(storage, 'c/d/')).toEqual(['c/d/e/f'])
    expect(await listAll(storage, 'nothing/')).toEqual([])
  })

  it('gives a rewritten object its new content and a new etag', async () => {
    const storage = create()
    await putText(storage, 'mes/orders.csv', 'v1')
    const before = await only(storage, 'mes/orders.csv')
    await putText(storage, 'mes/orders.csv', 'version 2')
    const after = await only(storage, 'mes/orders.csv')
    expect(after.etag).not.toBe(before.etag)
    expect(after.size).toBe(9)
    expect(await readFile(await storage.localPath('mes/orders.csv', after.etag), 'utf8')).toBe('version 2')
  })

  it('refuses to read a version whose etag is gone', async () => {
    const storage = create()
    await putText(storage, 'mes/shifts.csv', 'first upload')
    const { etag } = await only(storage, 'mes/shifts.csv')
    await putText(storage, 'mes/shifts.csv', 'second, longer upload')
    await expect(storage.localPath('mes/shifts.csv', etag)).rejects.toThrow(/mes\/shifts\.csv.*etag/)
  })

  it('names the key when it does not exist', async () => {
    const storage = create()
    await expect(storage.localPath('missing/key.parquet')).rejects.toThrow(/missing\/key\.parquet/)
  })

  it('deletes keys, and missing keys are not an error', async () => {
    const storage = create()
    for (const key of ['t/1', 't/2', 't/3']) await putText(storage, key, key)
    await storage.delete(['t/1', 't/3', 't/never-there'])
    await storage.delete([])
    expect(await listAll(storage)).toEqual(['t/2'])
  })

  it.each(['', '/abs', '../escape', 'a/../../b', 'a//b', 'a/', './a', 'a\\b'])('rejects the key %j', async (key) => {
    const storage = create()
    await expect(putText(storage, key, 'x')).rejects.toThrow(/invalid key/)
    await expect(storage.localPath(key)).rejects.toThrow(/invalid key/)
    await expect(storage.delete(['fine', key])).rejects.toThrow(/invalid key/)
  })

  it('rejects a prefix that would leave the root', async () => {
    await expect(listAll(create(), '../')).rejects.toThrow(/invalid prefix/)
  })

  it('never lists a partially written object', async () => {
    const storage = create()
    const data = randomBytes(8 * 1024 * 1024)
    let done = false
    const writing = putText(storage, 'big/blob.bin', data).finally(() => (done = true))
    const seen = new Set<string>()
    while (!done) {
      for await (const object of storage.list()) {
        seen.add(object.key)
        expect(object.size).toBe(data.length)
      }
    }
    await writing
    expect([...seen].every((key) => key === 'big/blob.bin')).toBe(true)
    expect((await readFile(await storage.localPath('big/blob.bin'))).equals(data)).toBe(true)
  })
}
