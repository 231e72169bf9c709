/** The Iceberg catalog the lake is published as (docs/iceberg.md). */
/** PyIceberg's / Iceberg JdbcCatalog's table registry (db/migrations/0014-iceberg-catalog.ts). */
export interface IcebergTablesTable {
  catalog_name: string
  table_namespace: string
  table_name: string
  metadata_location: string | null
  previous_metadata_location: string | null
  iceberg_type: string | null
}

export interface IcebergNamespacePropertiesTable {
  catalog_name: string
  namespace: string
  property_key: string
  property_value: string
}

/** How far each catalog table is published as Iceberg. */
export interface IcebergExportsTable {
  table_name: string
  snapshot_id: number
  metadata_location: string
  delete_file: string | null
  published_at: string
}

/** A Parquet copy of a catalog file that DuckDB reads through a SELECT (catalog/iceberg/readable-copy.ts). */
export interface IcebergFileCopiesTable {
  file_id: number
  path: string
  row_count: number
  byte_size: number
}
