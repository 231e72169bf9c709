/**
 * A catalog data file that is not Parquet: the raw layer keeps each MES source object as its
 * own bytes (CSV, JSON, …) and this column says how DuckDB reads it — a SELECT with a `{path}`
 * placeholder for the file's local path. NULL means a Parquet file read as it is.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('catalog_files').addColumn('reader', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('catalog_files').dropColumn('reader').execute()
}
