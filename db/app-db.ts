/**
 * The app database: catalog metadata, users, notebooks, boards, alert rules. Embedded mode uses
 * SQLite (better-sqlite3) under the data dir; COCKPIT_DATABASE_URL=postgres://… puts it in
 * PostgreSQL (./postgres.ts), so that several instances share one state. All queries go through
 * kysely, and the same migrations run on both.
 */
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrateToLatest } from './migrate.ts'
import { portableSchemaPlugin, postgresDialect } from './postgres.ts'
import type { AppSchema } from './schema.ts'

export type AppDb = Kysely<AppSchema>

export type OpenAppDbOptions =
  | {
      /** SQLite: a file path, or ':memory:' for tests. */
      file: string
    }
  | {
      /** PostgreSQL: postgres://user:password@host:port/database (libpq-style parameters such as sslmode work). */
      url: string
      /** Connections in the pool; 10 by default. */
      poolSize?: number
    }

export async function openAppDb(options: OpenAppDbOptions): Promise<AppDb> {
  const db = 'url' in options ? openPostgres(options.url, options.poolSize) : openSqlite(options.file)
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return db
}

function openSqlite(file: string): AppDb {
  const sqlite = new Database(file)
  // WAL lets readers (SQL service, SSE) proceed while a job commits.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return new Kysely<AppSchema>({ dialect: new SqliteDialect({ database: sqlite }) })
}

function openPostgres(url: string, poolSize: number | undefined): AppDb {
  const { dialect } = postgresDialect({ url, max: poolSize })
  return new Kysely<AppSchema>({ dialect, plugins: [portableSchemaPlugin] })
}
