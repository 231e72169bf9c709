/**
 * Checks that a storage location (a local folder or s3://bucket/prefix) can be used, for the
 * start-up preflight and /api/health. Errors name the location and the cause.
 */
import type { S3Client } from '@aws-sdk/client-s3'
import { accessSync, constants, mkdirSync } from 'node:fs'
import { s3Sdk } from './aws-sdk.ts'
import { parseS3Url } from './s3-client.ts'

export interface ProbeLocationOptions {
  location: string
  /** Needed for s3:// locations. */
  s3?: S3Client
  timeoutMs: number
  /** Create a missing local folder (the data dir's own folders) instead of failing. */
  create?: boolean
}

export async function probeLocation(options: ProbeLocationOptions): Promise<string> {
  if (options.location.startsWith('s3://')) return probeBucket(options)
  return probeFolder(options.location, options.create ?? false)
}

function probeFolder(path: string, create: boolean): string {
  try {
    if (create) mkdirSync(path, { recursive: true })
    accessSync(path, constants.R_OK | constants.W_OK)
    return `folder ${path}`
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    throw new Error(`folder ${path} is not usable: ${code} ${(error as Error).message}`.trim(), { cause: error })
  }
}

async function probeBucket(options: ProbeLocationOptions): Promise<string> {
  const { bucket } = parseS3Url(options.location)
  if (options.s3 === undefined) throw new Error(`no S3 client configured for ${options.location}`)
  try {
    await options.s3.send(new (s3Sdk().HeadBucketCommand)({ Bucket: bucket }), {
      abortSignal: AbortSignal.timeout(options.timeoutMs),
    })
    return `bucket ${bucket}`
  } catch (error) {
    throw new Error(`${options.location} is not reachable: ${describeS3Error(error, options.timeoutMs)}`, { cause: error })
  }
}

function describeS3Error(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  const status = e.$metadata?.httpStatusCode
  if (status === 404) return 'the bucket does not exist'
  if (status === 403) return 'access denied (check the credentials)'
  return [e.code, e.name, e.message].filter(Boolean).join(': ') || String(error)
}
