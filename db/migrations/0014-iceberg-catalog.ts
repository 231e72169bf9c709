/**
 * The catalog published as Apache Iceberg (catalog/iceberg/): an Iceberg SQL catalog in the app
 * database, so engines that are not ours (PyIceberg, Spark, Trino) find each table's current
 * metadata file here. `iceberg_tables` and `iceberg_namespace_properties` are exactly the tables
 * PyIceberg's SqlCatalog (schema "v1", with `iceberg_type`) and Iceberg's JdbcCatalog use — a
 * reader creates them itself when missing, so their shape must be theirs, not ours. Our own
 * bookkeeping lives apart: `iceberg_exports` (which snapshot of ours each table was published
 * up to) and `iceberg_file_copies` (Parquet copies of the files DuckDB reads through a SELECT,
 * see catalog/iceberg/readable-copy.ts). Plain types only, so it runs on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('iceberg_tables')
    .addColumn('catalog_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('table_namespace', 'varchar(255)', (c) => c.notNull())
    .addColumn('table_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('metadata_location', 'varchar(1000)')
    .addColumn('previous_metadata_location', 'varchar(1000)')
    .addColumn('iceberg_type', 'varchar(5)')
    .addPrimaryKeyConstraint('iceberg_tables_pk', ['catalog_name', 'table_namespace', 'table_name'])
    .execute()
  await db.schema
    .createTable('iceberg_namespace_properties')
    .addColumn('catalog_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('namespace', 'varchar(255)', (c) => c.notNull())
    .addColumn('property_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('property_value', 'varchar(1000)', (c) => c.notNull())
    .addPrimaryKeyConstraint('iceberg_namespace_properties_pk', ['catalog_name', 'namespace', 'property_key'])
    .execute()
  await db.schema
    .createTable('iceberg_exports')
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('metadata_location', 'text', (c) => c.notNull())
    // The position delete file of that snapshot (storage key), which the next one builds on; null: none.
    .addColumn('delete_file', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('iceberg_file_copies')
    .addColumn('file_id', 'integer', (c) => c.primaryKey())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['iceberg_file_copies', 'iceberg_exports', 'iceberg_namespace_properties', 'iceberg_tables']) await db.schema.dropTable(table).execute()
}
