/**
 * The catalog's metadata (the split DuckLake uses: data in Parquet files, metadata in a
 * database): tables, snapshots, data files, lineage, data quality, ingested source objects,
 * and the job runs that produced them. One commit is one transaction over these tables.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('progress', 'text')
    .addColumn('summary', 'text')
    .addColumn('error', 'text')
    .execute()
  await db.schema.createIndex('job_runs_by_job').on('job_runs').columns(['job', 'id']).execute()

  await db.schema
    .createTable('catalog_tables')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('key_columns', 'text')
    .addColumn('order_columns', 'text')
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('catalog_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('committed_at', 'text', (c) => c.notNull())
    .addColumn('job_run_id', 'integer', (c) => c.references('job_runs.id'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('tables', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .execute()

  await db.schema
    .createTable('catalog_files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('table_name', 'text', (c) => c.notNull().references('catalog_tables.name'))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('partition_key', 'text')
    .addColumn('added_snapshot', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addColumn('removed_snapshot', 'integer', (c) => c.references('catalog_snapshots.id'))
    .execute()
  await db.schema.createIndex('catalog_files_by_table').on('catalog_files').columns(['table_name', 'added_snapshot']).execute()

  await db.schema
    .createTable('catalog_lineage')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_version', 'text')
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('catalog_lineage_by_table').on('catalog_lineage').columns(['table_name', 'snapshot_id']).execute()

  await db.schema
    .createTable('catalog_quality')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('check_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('observed', 'real')
    .addColumn('detail', 'text')
    .execute()

  await db.schema
    .createTable('ingested_objects')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('dataset', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_quarantined', 'integer', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addColumn('job_run_id', 'integer', (c) => c.references('job_runs.id'))
    .addPrimaryKeyConstraint('ingested_objects_pk', ['source', 'object_key', 'etag'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ingested_objects', 'catalog_quality', 'catalog_lineage', 'catalog_files', 'catalog_snapshots', 'catalog_tables', 'job_runs']) {
    await db.schema.dropTable(table).execute()
  }
}
