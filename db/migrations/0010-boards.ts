/**
 * Boards (issue 14). A board's draft is one row whose `definition` is the JSON of
 * `{title, inputs, tiles}` (validated by server/boards/board-schemas.ts on every write), saved
 * on a base revision like a notebook. Publishing freezes the draft as a version together with
 * the text of every notebook its tiles read, so a published board runs the cells as they were
 * published — never code edited since, nor code a viewer could change. Kiosk links keep only the
 * SHA-256 of their token's secret, like sessions and API tokens.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('boards')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    // The latest published version (board_versions.version), null until the first publish.
    .addColumn('published_version', 'integer')
    .execute()
  await db.schema
    .createTable('board_versions')
    .addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    // JSON {"<notebook id>": {"version": n, "text": "<the notebook file>"}}: the cells frozen with it.
    .addColumn('notebooks', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_versions_pk', ['board_id', 'version'])
    .execute()
  await db.schema
    .createTable('kiosk_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON: the board ids shown in rotation, in order.
    .addColumn('boards', 'text', (c) => c.notNull())
    .addColumn('rotate_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kiosk_links').execute()
  await db.schema.dropTable('board_versions').execute()
  await db.schema.dropTable('boards').execute()
}
