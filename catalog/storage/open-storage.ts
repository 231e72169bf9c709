/**
 * Opens the storage a configured location names: `s3://bucket/prefix` on S3, anything else a
 * local folder. The one place that decides between the two backends.
 */
import type { S3Client } from '@aws-sdk/client-s3'
import { createLocalStorage } from './local-storage.ts'
import { createS3Storage } from './s3-storage.ts'
import type { Storage } from './storage.ts'

export interface OpenStorageOptions {
  /** Needed for s3:// locations; the runtime creates one when any location is on S3. */
  s3?: S3Client
  /** Where S3 objects are downloaded to for reading; unused for local folders. */
  cacheDir: string
  /** Keys are never rewritten (catalog data files): cached copies need no check against S3. */
  immutableKeys?: boolean
}

export function openStorage(location: string, options: OpenStorageOptions): Storage {
  if (!location.startsWith('s3://')) return createLocalStorage(location)
  if (options.s3 === undefined) {
    throw new Error(`no S3 client configured for ${location}`)
  }
  return createS3Storage({ client: options.s3, url: location, cacheDir: options.cacheDir, immutableKeys: options.immutableKeys })
}
