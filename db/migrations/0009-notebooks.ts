/**
 * Notebooks of the workbench (issue 13). A notebook IS its Markdown file, so each version keeps
 * the file's text exactly as saved (export gives those bytes back); the `notebooks` row holds
 * what lists and conflicts need without reading every text: title, owner, the current version
 * and who saved it.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notebooks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('notebook_versions')
    .addColumn('notebook_id', 'integer', (c) => c.notNull().references('notebooks.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // What changed against the version before, for people: "added oee; changed worst".
    .addColumn('summary', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notebook_versions_pk', ['notebook_id', 'version'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notebook_versions').execute()
  await db.schema.dropTable('notebooks').execute()
}
