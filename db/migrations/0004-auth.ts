/**
 * Users, their sessions and API tokens, and the audit log. Only hashes of session and token
 * secrets are stored (hex SHA-256), so a copy of this database does not let anyone sign in.
 */
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../postgres.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  // PostgreSQL has no NOCASE: an ICU collation that ignores case (and only case: level 2 keeps
  // accents apart) gives the unique constraint and `=` the same meaning as SQLite's NOCASE.
  const noCase = isPostgres(db) ? sql`COLLATE cockpit_nocase` : sql`COLLATE NOCASE`
  if (isPostgres(db)) await sql`CREATE COLLATION IF NOT EXISTS cockpit_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`.execute(db)
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // NOCASE: "Ada" and "ada" are one user, so a login cannot be split across spellings.
    .addColumn('username', 'text', (c) => c.notNull().unique().modifyEnd(noCase))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** Epoch milliseconds; slides forward while the session is used. */
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute()
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute()
  await db.schema.dropTable('api_tokens').execute()
  await db.schema.dropTable('sessions').execute()
  await db.schema.dropTable('users').execute()
}
