/**
 * The product's S3 client against a real S3-compatible server (moto), started once for the
 * s3 test project by test/harness/setup/s3.ts.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  NoSuchKey,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createS3Client } from '../../catalog/storage/s3-client.ts'
import { freePort } from '../harness/ports.ts'

const server = inject('s3')
let client: S3Client
const bucket = `cockpit-test-${Date.now()}`

beforeAll(async () => {
  client = createS3Client({
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  })
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
})

afterAll(() => client?.destroy())

async function getBytes(key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await response.Body!.transformToByteArray())
}

async function listKeys(prefix: string, pageSize?: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = []
  let pages = 0
  for await (const page of paginateListObjectsV2({ client, pageSize }, { Bucket: bucket, Prefix: prefix })) {
    pages++
    for (const object of page.Contents ?? []) keys.push(object.Key!)
  }
  return { keys, pages }
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

describe('S3 server (moto)', () => {
  it('lists the created bucket', async () => {
    const { Buckets } = await client.send(new ListBucketsCommand({}))
    expect(Buckets?.map((b) => b.Name)).toContain(bucket)
  })

  it('round-trips small and > 1 MB objects byte for byte', async () => {
    const small = Buffer.from('ts,value\n2024-01-01T00:00:00Z,1.5\n')
    const large = randomBytes(5 * 1024 * 1024 + 17)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'rt/small.csv', Body: small }))
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'rt/large.bin', Body: large }))
    expect((await getBytes('rt/small.csv')).equals(small)).toBe(true)
    const got = await getBytes('rt/large.bin')
    expect(got.length).toBe(large.length)
    expect(got.equals(large)).toBe(true)
  })

  it('accepts a streamed body with a known length (no aws-chunked encoding)', async () => {
    const data = randomBytes(2 * 1024 * 1024)
    const chunks = Array.from({ length: 32 }, (_, i) => data.subarray(i * 65_536, (i + 1) * 65_536))
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'rt/stream.bin', Body: Readable.from(chunks), ContentLength: data.length }),
    )
    expect((await getBytes('rt/stream.bin')).equals(data)).toBe(true)
  })

  it('accepts an upload with an explicitly requested checksum', async () => {
    const data = randomBytes(1_500_000)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'rt/crc.bin', Body: data, ChecksumAlgorithm: 'CRC32' }))
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'rt/crc.bin', ChecksumMode: 'ENABLED' }))
    expect(head.ContentLength).toBe(data.length)
    expect(head.ChecksumCRC32).toBeTruthy()
    expect((await getBytes('rt/crc.bin')).equals(data)).toBe(true)
  })

  it('paginates more than 1,000 keys and deletes them in batches', async () => {
    const keys = Array.from({ length: 1_100 }, (_, i) => `many/part-${String(i).padStart(5, '0')}.json`)
    await forEachLimited(keys, 32, (key) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `{"i":"${key}"}` })),
    )

    const listed = await listKeys('many/')
    expect(listed.pages).toBeGreaterThanOrEqual(2) // the server caps pages at 1,000 keys
    expect(listed.keys).toEqual(keys) // keys come back in UTF-8 binary order
    expect((await listKeys('many/', 250)).pages).toBe(5)

    // DeleteObjects is the operation that requires a request checksum even with WHEN_REQUIRED.
    for (let i = 0; i < keys.length; i += 1_000) {
      const batch = keys.slice(i, i + 1_000)
      const result = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      )
      expect(result.Errors ?? []).toEqual([])
    }
    expect((await listKeys('many/')).keys).toEqual([])
    await expect(getBytes(keys[0]!)).rejects.toBeInstanceOf(NoSuchKey)
  }, 120_000)

  it('reports a missing key as NoSuchKey', async () => {
    const error = await getBytes('does/not/exist').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoSuchKey)
    expect((error as NoSuchKey).name).toBe('NoSuchKey')
    expect((error as NoSuchKey).$metadata.httpStatusCode).toBe(404)
  })
})

describe('S3 client without a server', () => {
  it('fails fast with a connection error when nothing listens', async () => {
    const port = await freePort()
    const offline = createS3Client({
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: 'test',
      secretAccessKey: 'test',
    })
    const started = Date.now()
    const error = await offline.send(new ListBucketsCommand({})).catch((e: unknown) => e)
    offline.destroy()
    expect(error).toBeInstanceOf(Error)
    expect(String((error as Error).message) + String((error as NodeJS.ErrnoException).code)).toMatch(/ECONNREFUSED/)
    // Three attempts (the SDK default) with short backoff, not a hang.
    expect((error as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(3)
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
