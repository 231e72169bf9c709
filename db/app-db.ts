/**
 * The app database: catalog metadata, users, notebooks, boards, alert rules. Embedded mode uses
 * SQLite (better-sqlite3) under the data dir; all queries go through kysely so that a Postgres
 * dialect can replace SQLite later without rewriting them.
 */
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrateToLatest } from './migrate.ts'
import type { AppSchema } from './schema.ts'

export type AppDb = Kysely<AppSchema>

export interface OpenAppDbOptions {
  /** File path, or ':memory:' for tests. */
  file: string
}

export async function openAppDb(options: OpenAppDbOptions): Promise<AppDb> {
  const sqlite = new Database(options.file)
  // WAL lets readers (SQL service, SSE) proceed while a job commits.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<AppSchema>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return db
}
