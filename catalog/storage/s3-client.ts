/**
 * S3 access for the catalog: one factory for the SDK client, used against AWS S3 and against
 * S3-compatible stores (MinIO, moto in tests), plus a parser for `s3://bucket/prefix` URLs.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import { s3Sdk } from './aws-sdk.ts'

export interface S3ClientOptions {
  /** e.g. `http://127.0.0.1:9000` for MinIO; leave unset for AWS S3. */
  endpoint?: string
  region?: string
  /** Give both keys or neither; with neither, the SDK's default credential chain applies. */
  accessKeyId?: string
  secretAccessKey?: string
  /** Defaults to true when `endpoint` is set, false otherwise. */
  forcePathStyle?: boolean
}

export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const { endpoint, accessKeyId, secretAccessKey } = options
  if (endpoint !== undefined) assertHttpUrl(endpoint)
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error('S3 credentials need both an access key id and a secret access key, or neither')
  }

  const config: S3ClientConfig = {
    // Since SDK 3.729 the client sends CRC32 checksums (often as aws-chunked trailers) on every
    // upload and validates response checksums; many S3-compatible stores reject or lack these.
    // WHEN_REQUIRED limits checksums to operations that demand one (e.g. DeleteObjects).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The SDK default is no timeouts at all, so an unreachable or stalled store would hang a
    // request for minutes. The idle timeout is per socket, so big transfers are not cut off.
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 120_000 },
  }
  if (endpoint !== undefined) {
    config.endpoint = endpoint
    // Self-hosted stores rarely have wildcard DNS for virtual-hosted bucket names.
    config.forcePathStyle = options.forcePathStyle ?? true
    // The region is only a signing parameter for most S3-compatible stores; without this the
    // SDK throws "Region is missing" on machines with no AWS config.
    config.region = options.region ?? 'us-east-1'
  } else {
    if (options.forcePathStyle !== undefined) config.forcePathStyle = options.forcePathStyle
    if (options.region !== undefined) config.region = options.region
  }
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    config.credentials = { accessKeyId, secretAccessKey }
  }
  return new (s3Sdk().S3Client)(config)
}

function assertHttpUrl(endpoint: string): void {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new Error(`S3 endpoint is not a URL: ${JSON.stringify(endpoint)} (expected e.g. http://127.0.0.1:9000)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`S3 endpoint must be http:// or https://, got ${JSON.stringify(endpoint)}`)
  }
}

// Bucket names per the S3 rules, relaxed to also allow the upper case and underscores that
// legacy us-east-1 buckets and some self-hosted stores accept.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/

/**
 * Splits `s3://bucket/some/prefix` into `{ bucket: 'bucket', prefix: 'some/prefix' }`.
 * The prefix is kept verbatim (a trailing slash stays, none is added) because S3 prefixes are
 * plain string prefixes: `data/2024` also matches `data/2024-01/x`.
 */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/s.exec(url)
  if (match === null) {
    throw new Error(`not an S3 URL: ${JSON.stringify(url)} (expected s3://bucket or s3://bucket/prefix)`)
  }
  const bucket = match[1] ?? ''
  if (bucket === '') throw new Error(`S3 URL has no bucket: ${JSON.stringify(url)} (expected s3://bucket/prefix)`)
  if (!BUCKET_NAME.test(bucket)) {
    throw new Error(
      `S3 URL has an invalid bucket name ${JSON.stringify(bucket)}: ` +
        'use 3-63 letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit',
    )
  }
  return { bucket, prefix: match[2] ?? '' }
}
