/** The catalog: tables, snapshots, files, lineage, data quality, ingested MES objects and committed stream offsets. */
import type { Generated } from 'kysely'

export interface CatalogTablesTable {
  name: string
  layer: string
  /** JSON: [{ name, type }] in DuckDB types. */
  columns: string
  /** JSON: natural key columns; the latest version of a key wins in the table's view. */
  key_columns: string | null
  /** JSON: columns (descending) that decide which version of a key is latest. */
  order_columns: string | null
  schema_version: number
  created_at: string
  updated_at: string
}

export interface CatalogSnapshotsTable {
  id: Generated<number>
  committed_at: string
  job_run_id: number | null
  operation: string
  /** JSON: names of the tables this snapshot changed. */
  tables: string
  summary: string | null
}

export interface CatalogFilesTable {
  id: Generated<number>
  table_name: string
  /** Storage key, relative to the catalog's root. */
  path: string
  row_count: number
  byte_size: number
  /** e.g. the plant-local day of a KPI file, so a rebuild can replace just that day. */
  partition_key: string | null
  added_snapshot: number
  removed_snapshot: number | null
  /** How to read a file that is not Parquet: a SELECT with a `{path}` placeholder (migration 0007). */
  reader: string | null
}

export interface CatalogLineageTable {
  id: Generated<number>
  snapshot_id: number
  table_name: string
  /** s3-object | local-file | kafka | table */
  source_kind: string
  source: string
  /** ETag, offsets range or snapshot id. */
  source_version: string | null
  detail: string | null
}

export interface CatalogQualityTable {
  id: Generated<number>
  snapshot_id: number
  table_name: string
  check_name: string
  /** pass | warn | fail */
  status: string
  observed: number | null
  detail: string | null
}

export interface IngestedObjectsTable {
  source: string
  object_key: string
  etag: string
  last_modified: string
  size: number
  dataset: string | null
  /** ingested | quarantined */
  status: string
  rows_accepted: number
  rows_quarantined: number
  snapshot_id: number
  job_run_id: number | null
}

export interface StreamOffsetsTable {
  consumer: string
  topic: string
  partition: number
  /** Kafka offsets are 64-bit: kept as text. */
  next_offset: string
  snapshot_id: number
}
