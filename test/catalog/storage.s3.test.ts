/**
 * The S3 storage against a real S3-compatible server (moto): the shared Storage contract, then
 * what only S3 has — the read cache, key prefixes, pagination and batched deletes.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { createS3Client, createS3Storage, openStorage, type S3StorageOptions } from '../../catalog/index.ts'
import { listAll, listObjects, scratchFiles, storageContract } from './storage-contract.ts'

const server = inject('s3')
const bucket = `storage-test-${Date.now()}`
let client: S3Client
let cacheDir = ''
let count = 0
/** Requests sent, by command name, since the last test started. */
const sent = new Map<string, number>()

beforeAll(async () => {
  client = createS3Client(server)
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? '?'
      sent.set(name, (sent.get(name) ?? 0) + 1)
      return next(args)
    },
    { step: 'initialize', name: 'countRequests' },
  )
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  cacheDir = await mkdtemp(join(tmpdir(), 's3-storage-cache-'))
})
afterAll(async () => {
  client?.destroy()
  await rm(cacheDir, { recursive: true, force: true })
})
beforeEach(() => sent.clear())

/** A prefix of its own per storage, so tests never see each other's objects. */
const freshPrefix = (): string => `run-${count++}/`
const freshStorage = (options: Partial<S3StorageOptions> = {}) =>
  createS3Storage({ client, url: `s3://${bucket}/${freshPrefix()}`, cacheDir, ...options })

const putRaw = (key: string, body: string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))

describe('S3 storage: the Storage contract', () => {
  storageContract(() => freshStorage())
})

describe('S3 storage', () => {
  const putText = scratchFiles()

  it('streams a file bigger than the upload buffer', async () => {
    const storage = freshStorage({ uploadBufferBytes: 1024 * 1024 })
    const data = randomBytes(3 * 1024 * 1024 + 5)
    await putText(storage, 'big.bin', data)
    expect((await readFile(await storage.localPath('big.bin'))).equals(data)).toBe(true)
  })

  it('downloads an object once, however often and concurrently it is read', async () => {
    const storage = freshStorage()
    await putText(storage, 'parts/a.parquet', 'parquet bytes')
    const paths = await Promise.all([1, 2, 3, 4].map(() => storage.localPath('parts/a.parquet')))
    expect(new Set(paths).size).toBe(1)
    const { ino, mtimeMs } = await stat(paths[0]!)

    const { etag } = (await listObjects(storage))[0]!
    expect(await storage.localPath('parts/a.parquet', etag)).toBe(paths[0])
    expect(await storage.localPath('parts/a.parquet')).toBe(paths[0])
    expect(sent.get('GetObjectCommand')).toBe(1)
    expect(await stat(paths[0]!)).toMatchObject({ ino, mtimeMs })
    expect(paths[0]!.endsWith('-a.parquet')).toBe(true) // DuckDB still sees the extension
  })

  it('asks nothing of the server for a version it has cached', async () => {
    const storage = freshStorage()
    await putText(storage, 'immutable.parquet', 'catalog file')
    const { etag } = (await listObjects(storage))[0]!
    await storage.localPath('immutable.parquet', etag)
    sent.clear()
    await storage.localPath('immutable.parquet', etag)
    expect([...sent.keys()]).toEqual([])
  })

  it('with immutable keys, reads a cached file without asking for its version', async () => {
    const storage = freshStorage({ immutableKeys: true })
    await putText(storage, 'mes/orders/0193.parquet', 'catalog file')
    sent.clear()
    const path = await storage.localPath('mes/orders/0193.parquet')
    expect([...sent.entries()]).toEqual([['GetObjectCommand', 1]])
    sent.clear()
    expect(await storage.localPath('mes/orders/0193.parquet')).toBe(path)
    expect([...sent.keys()]).toEqual([])
    expect(await readFile(path, 'utf8')).toBe('catalog file')
  })

  it('caches a re-uploaded object as a new file for its new etag', async () => {
    const storage = freshStorage()
    await putText(storage, 'mes/orders.csv', 'first')
    const [first] = await listObjects(storage)
    const firstPath = await storage.localPath('mes/orders.csv')
    await putText(storage, 'mes/orders.csv', 'second upload')
    const secondPath = await storage.localPath('mes/orders.csv')

    expect(secondPath).not.toBe(firstPath)
    expect(await readFile(secondPath, 'utf8')).toBe('second upload')
    // The cached file of the old version is exactly those bytes, so asking for it by etag is answered.
    expect(await storage.localPath('mes/orders.csv', first!.etag)).toBe(firstPath)
    expect(await readFile(firstPath, 'utf8')).toBe('first')
  })

  it('leaves nothing in the cache when a stale version is asked for', async () => {
    const emptyCache = await mkdtemp(join(tmpdir(), 's3-storage-stale-'))
    const storage = freshStorage({ cacheDir: emptyCache })
    await putText(storage, 'mes/shifts.csv', 'v1')
    const [old] = await listObjects(storage)
    await putText(storage, 'mes/shifts.csv', 'v2, longer')
    await expect(storage.localPath('mes/shifts.csv', old!.etag)).rejects.toThrow(
      `${storage.location}mes/shifts.csv no longer has etag ${old!.etag}`,
    )
    expect(await readdir(join(emptyCache, bucket))).toEqual([])
    await rm(emptyCache, { recursive: true, force: true })
  })

  it('lists and deletes more than 1,000 keys, page by page and batch by batch', async () => {
    const prefix = freshPrefix()
    const storage = freshStorage({ url: `s3://${bucket}/${prefix}` })
    const keys = Array.from({ length: 1_005 }, (_, i) => `many/${String(i).padStart(4, '0')}.json`)
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => putRaw(prefix + key, key)))
    }
    sent.clear()
    expect(await listAll(storage, 'many/')).toEqual(keys)
    expect(sent.get('ListObjectsV2Command')).toBe(2)

    await storage.delete(keys)
    expect(sent.get('DeleteObjectsCommand')).toBe(2)
    expect(await listAll(storage)).toEqual([])
  }, 120_000)

  it('sees only the objects under its prefix, taken as a folder', async () => {
    await Promise.all(['iso/a/x', 'iso/a/', 'iso/ab/y', 'iso/a-b/z', 'iso/top'].map((key) => putRaw(key, key)))
    const storage = createS3Storage({ client, url: `s3://${bucket}/iso/a`, cacheDir })
    expect(storage.location).toBe(`s3://${bucket}/iso/a/`)
    expect(await listAll(storage)).toEqual(['x']) // 'iso/a/' is a folder marker, not an object
    expect(await readFile(await storage.localPath('x'), 'utf8')).toBe('iso/a/x')
    await storage.delete(['y', 'z', 'top'])
    expect(await listAll(createS3Storage({ client, url: `s3://${bucket}/iso/`, cacheDir }))).toEqual([
      'a-b/z',
      'a/x',
      'ab/y',
      'top',
    ])
  })

  it('names the bucket, the key and the cause when S3 fails', async () => {
    const storage = createS3Storage({ client, url: 's3://no-such-bucket-here/p', cacheDir })
    await expect(storage.localPath('k.csv')).rejects.toThrow('s3://no-such-bucket-here/p/k.csv')
    await expect(listAll(storage)).rejects.toThrow(/cannot list s3:\/\/no-such-bucket-here\/p\/: NoSuchBucket/)
    await expect(putText(storage, 'k.csv', 'x')).rejects.toThrow(/as s3:\/\/no-such-bucket-here\/p\/k\.csv: NoSuchBucket/)
  })
})

describe('openStorage', () => {
  it('opens S3 for s3:// locations and a folder otherwise', async () => {
    expect(openStorage(`s3://${bucket}/x`, { s3: client, cacheDir }).location).toBe(`s3://${bucket}/x/`)
    const folder = join(cacheDir, 'local')
    expect(openStorage(folder, { cacheDir }).location).toBe(`folder ${folder}`)
  })

  it('refuses an s3:// location without a client', () => {
    expect(() => openStorage(`s3://${bucket}/x`, { cacheDir })).toThrow(`no S3 client configured for s3://${bucket}/x`)
  })
})
