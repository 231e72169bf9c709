/**
 * The AWS SDK's S3 client package, loaded on first use: it takes ~150 ms to import, and a
 * cockpit whose catalog and MES source are local folders never needs it (`cockpit sql`,
 * `cockpit catalog` and the embedded server start without it). Node resolves the package to
 * its CommonJS build for `import` too, so `require` yields the very same module.
 */
import { createRequire } from 'node:module'

type S3Sdk = typeof import('@aws-sdk/client-s3')

let sdk: S3Sdk | undefined

export function s3Sdk(): S3Sdk {
  return (sdk ??= createRequire(import.meta.url)('@aws-sdk/client-s3') as S3Sdk)
}
