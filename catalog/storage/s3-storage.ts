/**
 * The storage port over S3 (or an S3-compatible store): keys are relative to the URL's prefix,
 * and reads go through a local cache of downloaded files named by key and etag.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import { s3Sdk } from './aws-sdk.ts'
import { parseS3Url } from './s3-client.ts'
import { assertStorageKey, assertStoragePrefix, type Storage } from './storage.ts'

export interface S3StorageOptions {
  client: S3Client
  /** `s3://bucket` or `s3://bucket/prefix`; the prefix is treated as a folder. */
  url: string
  /** Where downloaded objects are kept; may be shared by several storages. */
  cacheDir: string
  /** Files up to this size are uploaded from memory, bigger ones streamed. Default 32 MiB. */
  uploadBufferBytes?: number
  /**
   * Keys are written once and never rewritten (the catalog's data files, named by UUID): a
   * cached copy is then served without asking S3 for the current version first, so a query
   * over a thousand files sends no thousand HEAD requests.
   */
  immutableKeys?: boolean
}

/** The cache name of an immutable key's only version. */
const IMMUTABLE = 'immutable'

// One PutObject takes at most 5 GiB; bigger files would need a multipart upload.
const MAX_PUT_BYTES = 5 * 1024 ** 3
// The SDK never retries a request with a streamed body (a stream cannot be replayed), so a
// throttled or dropped upload would simply fail; buffering keeps retries for typical files.
const UPLOAD_BUFFER_BYTES = 32 * 1024 ** 2
// The most keys one DeleteObjects request accepts.
const DELETE_BATCH = 1_000

export function createS3Storage(options: S3StorageOptions): Storage {
  const { client, cacheDir, uploadBufferBytes = UPLOAD_BUFFER_BYTES } = options
  // A storage over S3 is only made with a client, so the SDK is loaded already.
  const { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, paginateListObjectsV2 } = s3Sdk()
  const { bucket, prefix } = parseS3Url(options.url)
  // `s3://b/runs` means the folder runs/, not every key starting with "runs" (runs-old/…).
  const root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
  const location = `s3://${bucket}/${root}`
  const where = (key: string): string => `s3://${bucket}/${root}${key}`
  // One download per cache file at a time; later callers share the running one.
  const downloads = new Map<string, Promise<string>>()

  async function currentEtag(key: string): Promise<string> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: root + key }))
      if (head.ETag === undefined) throw new Error('the store sent no ETag')
      return unquote(head.ETag)
    } catch (error) {
      if (statusOf(error) === 404) throw new Error(`${where(key)} does not exist`, { cause: error })
      throw new Error(`cannot read ${where(key)}: ${describeS3Error(error)}`, { cause: error })
    }
  }

  function download(key: string, etag: string): Promise<string> {
    const path = join(cacheDir, bucket, cacheFileName(root + key, etag))
    const running = downloads.get(path)
    if (running !== undefined) return running
    const started = fetchToCache(key, etag, path).finally(() => downloads.delete(path))
    downloads.set(path, started)
    return started
  }

  async function fetchToCache(key: string, etag: string, path: string): Promise<string> {
    if (await exists(path)) return path
    // Temp file then rename: another process sharing the cache never reads a partial file.
    const temp = `${path}.${randomUUID()}.tmp`
    try {
      await mkdir(join(cacheDir, bucket), { recursive: true })
      // IfMatch: the object may have been re-uploaded since its etag was learnt.
      const ifMatch = etag === IMMUTABLE ? undefined : `"${etag}"`
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: root + key, IfMatch: ifMatch }))
      const body = response.Body as Readable
      // Some S3-compatible stores ignore If-Match, so check what came back as well.
      if (ifMatch !== undefined && response.ETag !== undefined && unquote(response.ETag) !== etag) {
        body.destroy()
        throw staleEtag(key, etag)
      }
      await pipeline(body, createWriteStream(temp))
      await rename(temp, path)
      return path
    } catch (error) {
      await rm(temp, { force: true })
      if (statusOf(error) === 412) throw staleEtag(key, etag, error)
      if (statusOf(error) === 404) throw new Error(`${where(key)} does not exist`, { cause: error })
      if (error instanceof StaleEtagError) throw error
      throw new Error(`cannot download ${where(key)} into ${cacheDir}: ${describeS3Error(error)}`, { cause: error })
    }
  }

  function staleEtag(key: string, etag: string, cause?: unknown): StaleEtagError {
    return new StaleEtagError(`${where(key)} no longer has etag ${etag}: it changed since it was listed`, { cause })
  }

  return {
    location,

    uri(key) {
      assertStorageKey(key, location)
      return where(key)
    },

    async put(key, localFile) {
      assertStorageKey(key, location)
      const fail = (cause: unknown, why: string): Error =>
        new Error(`cannot store ${localFile} as ${where(key)}: ${why}`, { cause })
      const { size } = await stat(localFile).catch((error: Error) => {
        throw fail(error, error.message)
      })
      if (size > MAX_PUT_BYTES) throw fail(undefined, `${size} bytes is over the 5 GiB a single upload takes`)
      // A known length lets the SDK send a plain body (no aws-chunked encoding), which
      // S3-compatible stores accept. S3 makes the object visible only once it is complete.
      const body = size <= uploadBufferBytes ? await readFile(localFile) : createReadStream(localFile)
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: root + key, Body: body, ContentLength: size }))
      } catch (error) {
        throw fail(error, describeS3Error(error))
      } finally {
        if (!Buffer.isBuffer(body)) body.destroy()
      }
    },

    async localPath(key, etag) {
      assertStorageKey(key, location)
      // With an etag there is no need to ask for the current one: a cached copy is exactly that
      // version, and a download is made conditional on it.
      if (etag !== undefined) return download(key, unquote(etag))
      return download(key, options.immutableKeys === true ? IMMUTABLE : await currentEtag(key))
    },

    async *list(prefix = '') {
      assertStoragePrefix(prefix, location)
      try {
        // S3 lists in key order (UTF-8 bytes), so pages can be passed on as they come.
        for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: root + prefix })) {
          for (const object of page.Contents ?? []) {
            const key = (object.Key ?? '').slice(root.length)
            // Zero-byte "folder" markers that consoles create are not objects.
            if (key === '' || key.endsWith('/')) continue
            const etag = unquote(object.ETag ?? '')
            yield { key, size: object.Size ?? 0, etag, lastModified: object.LastModified ?? new Date(0) }
          }
        }
      } catch (error) {
        throw new Error(`cannot list ${location}${prefix}: ${describeS3Error(error)}`, { cause: error })
      }
    },

    async delete(keys) {
      for (const key of keys) assertStorageKey(key, location) // all or nothing on a bad key
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const batch = keys.slice(i, i + DELETE_BATCH)
        const objects = batch.map((key) => ({ Key: root + key }))
        const result = await client
          .send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }))
          .catch((error: unknown) => {
            throw new Error(`cannot delete ${batch.length} objects from ${location}: ${describeS3Error(error)}`, {
              cause: error,
            })
          })
        // DeleteObjects answers 200 even when single keys fail; missing keys count as deleted.
        const [first, ...rest] = result.Errors ?? []
        if (first !== undefined) {
          const more = rest.length > 0 ? ` (and ${rest.length} more)` : ''
          throw new Error(`cannot delete s3://${bucket}/${first.Key}: ${first.Code} ${first.Message}${more}`)
        }
      }
    },
  }
}

/** Thrown when an object no longer has the etag a caller asked for. */
class StaleEtagError extends Error {
  override name = 'StaleEtagError'
}

/**
 * A cache file per object version. The digest keeps any key (and bucket/prefix) apart without
 * mirroring S3 key paths on disk; the base name keeps the extension DuckDB sniffs formats by.
 */
function cacheFileName(fullKey: string, etag: string): string {
  const digest = createHash('sha256').update(`${fullKey}\n${etag}`).digest('hex').slice(0, 32)
  const name = basename(fullKey).replace(/[^A-Za-z0-9._-]/g, '_').slice(-100)
  return `${digest}-${name}`
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** S3 sends etags in double quotes; the port hands them out bare. */
function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1')
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
}

function describeS3Error(error: unknown): string {
  const e = error as { name?: string; message?: string }
  const status = statusOf(error)
  return [e.name, status === undefined ? undefined : `HTTP ${status}`, e.message].filter(Boolean).join(': ')
}
