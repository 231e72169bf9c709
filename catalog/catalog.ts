/**
 * A catalog: its metadata in the app database, its Parquet files in a storage (local folder or
 * S3), and a local work folder for staging new files. Passed as one object to every catalog
 * operation; the clock is injected so snapshots are testable.
 */
import { mkdirSync } from 'node:fs'
import type { AppDb } from '../db/index.ts'
import type { Storage } from './storage/storage.ts'

export interface Catalog {
  db: AppDb
  storage: Storage
  /** Local folder for files being written before their commit. */
  stagingDir: string
  clock: () => Date
}

export interface OpenCatalogOptions {
  db: AppDb
  storage: Storage
  stagingDir: string
  clock?: () => Date
}

export function openCatalog(options: OpenCatalogOptions): Catalog {
  mkdirSync(options.stagingDir, { recursive: true })
  return { db: options.db, storage: options.storage, stagingDir: options.stagingDir, clock: options.clock ?? (() => new Date()) }
}
