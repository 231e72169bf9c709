/** The catalog's public surface: the DuckDB engine and the storage layer. */
export { openEngine, type Engine, type OpenEngineOptions } from './engine.ts'
export { createS3Client, parseS3Url, type S3ClientOptions } from './storage/s3-client.ts'
export { probeLocation, type ProbeLocationOptions } from './storage/location-probe.ts'
