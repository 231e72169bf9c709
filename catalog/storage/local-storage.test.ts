import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAll, listObjects, scratchFiles, storageContract } from '../../test/catalog/storage-contract.ts'
import { createLocalStorage } from './local-storage.ts'

let base = ''
let count = 0
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'local-storage-'))
})
afterAll(() => rm(base, { recursive: true, force: true }))

const freshRoot = (): string => join(base, `root-${count++}`)

describe('local storage: the Storage contract', () => {
  storageContract(() => createLocalStorage(freshRoot()))
})

describe('local storage', () => {
  const putText = scratchFiles()

  it('creates a missing root and describes itself by it', async () => {
    const root = join(freshRoot(), 'deep', 'catalog')
    const storage = createLocalStorage(root)
    expect((await stat(root)).isDirectory()).toBe(true)
    expect(storage.location).toBe(`folder ${root}`)
  })

  it('reads an object from the stored file itself', async () => {
    const root = freshRoot()
    const storage = createLocalStorage(root)
    await putText(storage, 'a/b.parquet', 'x')
    expect(await storage.localPath('a/b.parquet')).toBe(join(root, 'a', 'b.parquet'))
  })

  it('leaves no temp file behind and never lists temp or dot-files', async () => {
    const root = freshRoot()
    const storage = createLocalStorage(root)
    await putText(storage, 'p/one.csv', '1')
    expect(await readdir(join(root, 'p'))).toEqual(['one.csv'])
    // What an interrupted put, an editor or a VCS would leave around.
    await writeFile(join(root, 'p', '.one.csv.0f6b.tmp'), 'partial')
    await writeFile(join(root, '.DS_Store'), '')
    await mkdir(join(root, '.git'))
    await writeFile(join(root, '.git', 'config'), '')
    expect(await listAll(storage)).toEqual(['p/one.csv'])
  })

  it('refuses a key that list() could never show', async () => {
    const storage = createLocalStorage(freshRoot())
    await expect(putText(storage, 'p/.hidden', 'x')).rejects.toThrow(/starting with '\.'/)
  })

  it('changes the etag on a rewrite of the same size', async () => {
    const storage = createLocalStorage(freshRoot())
    await putText(storage, 'same.csv', 'aaaa')
    const [before] = await listObjects(storage)
    // The etag is size + mtime in ms: a same-size rewrite within one millisecond would not show.
    await sleep(5)
    await putText(storage, 'same.csv', 'bbbb')
    const [after] = await listObjects(storage)
    expect(after?.etag).not.toBe(before?.etag)
  })

  it('names the folder and the source when a put fails', async () => {
    const root = freshRoot()
    const storage = createLocalStorage(root)
    const missing = join(base, 'no-such-source.csv')
    await expect(storage.put('x.csv', missing)).rejects.toThrow(`folder ${root}: cannot store ${missing} as x.csv: ENOENT`)
    expect(await listAll(storage)).toEqual([])
  })
})
