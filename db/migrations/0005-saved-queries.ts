/**
 * Saved queries of the service API: a named, read-only SQL query over the catalog that other
 * systems read as a resource (/api/v1/queries/{id}/result). The SQL was proved read-only by the
 * SQL service when it was saved, and runs through it again every time.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_queries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sql', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // JSON [{name, type}] of the result when it was saved.
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_queries').execute()
}
