/** The first migration: a one-row table that records when and by which version the database was created. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance')
    .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('created_by_version', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instance').execute()
}
