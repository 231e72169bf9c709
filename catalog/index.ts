/** The catalog's public surface: the DuckDB engine and the storage layer. */
export { openEngine, type Engine, type OpenEngineOptions } from './engine.ts'
export { createS3Client, parseS3Url, type S3ClientOptions } from './storage/s3-client.ts'
export { probeLocation, type ProbeLocationOptions } from './storage/location-probe.ts'
export type { Storage, StoredObject } from './storage/storage.ts'
export { createLocalStorage } from './storage/local-storage.ts'
export { createS3Storage, type S3StorageOptions } from './storage/s3-storage.ts'
export { openStorage, type OpenStorageOptions } from './storage/open-storage.ts'
export { openCatalog, type Catalog, type OpenCatalogOptions } from './catalog.ts'
export { ensureTable, getTable, listTables, type ColumnDefinition, type RegisteredTable, type TableDefinition } from './table-registry.ts'
export {
  commit,
  type CommitEffects,
  type CommitRequest,
  type CommitResult,
  type IngestedEntry,
  type LineageEntry,
  type QualityEntry,
  type Removal,
  type StagedFile,
  type StreamOffset,
  type UploadedFile,
  uploadFile,
} from './commit.ts'
export { CommitConflictError, retryOnConflict } from './commit-conflict.ts'
export { filesAsOf, latestSnapshotId, tableHistory, type SnapshotInfo, type TableFile } from './snapshots.ts'
export { catalogViewStatements, createCatalogViews, viewSql, type ViewOptions } from './views.ts'
export { vacuum, type VacuumOptions, type VacuumResult } from './vacuum.ts'
export { processStagingDir, releaseProcessStaging, sweepStaging, type StagingSweep } from './staging.ts'
export { currentProcess, parseProcessIdentity, processState, type ProcessIdentity, type ProcessState } from './process-identity.ts'
export { debtsAsOf, hasDebt, settleDebts, type Debt, type DebtEntry } from './derived-debt.ts'
export { tableStats, type TableStats } from './table-stats.ts'
export { compactTable, compactionSql, DEFAULT_TARGET_ROWS, type CompactOptions, type CompactResult } from './compact.ts'
export { committedOffsets } from './stream-offsets.ts'
export { StreamOffsetConflict, type OffsetConflict } from './stream-offset-conflict.ts'
export { quoteIdent, quoteLiteral } from './sql-text.ts'
export { copyToParquet } from './parquet-copy.ts'
export { filesRelation, localFiles, readerSql, type LocalFile } from './file-relation.ts'
export { latestQuality, lineageSummaries, qualitySummaries, tableLineage, type LineageEntryInfo, type LineageSummary, type QualityResult, type QualitySummary } from './table-metadata.ts'
export { createIcebergPublisher, ICEBERG_CATALOG_NAME, ICEBERG_PREFIX, openPublishConnection, publishIceberg, type IcebergPublisher, type PublishResult } from './iceberg/index.ts'
