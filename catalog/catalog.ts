/**
 * A catalog: its metadata in the app database, its Parquet files in a storage (local folder or
 * S3), and a local work folder for staging new files — this process's own folder under the
 * staging root (./staging.ts), so that a sweep can tell a dead job's leftovers from a live one's.
 * Passed as one object to every catalog operation; the clock is injected so snapshots are testable.
 */
import type { AppDb } from '../db/index.ts'
import { processStagingDir } from './staging.ts'
import type { Storage } from './storage/storage.ts'

export interface Catalog {
  db: AppDb
  storage: Storage
  /** Local folder for files being written before their commit (this process's). */
  stagingDir: string
  /** The folder holding every process's staging folder. */
  stagingRoot: string
  clock: () => Date
  /**
   * Called after each commit's transaction (not awaited, must not throw): how derived exports
   * such as the Iceberg metadata (./iceberg/iceberg-publisher.ts) learn of new snapshots.
   */
  afterCommit?: (snapshotId: number) => void
}

export interface OpenCatalogOptions {
  db: AppDb
  storage: Storage
  /** The staging root; the catalog stages in a folder of this process's under it. */
  stagingDir: string
  clock?: () => Date
}

export function openCatalog(options: OpenCatalogOptions): Catalog {
  const stagingDir = processStagingDir(options.stagingDir)
  return { db: options.db, storage: options.storage, stagingDir, stagingRoot: options.stagingDir, clock: options.clock ?? (() => new Date()) }
}
