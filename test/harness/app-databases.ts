/**
 * The two app databases the app-database tests run against (`describe.each(appDatabases)`):
 * SQLite as embedded installs use it, and PostgreSQL on the harness's real server
 * (./setup/postgres.ts, the `appdb` project of vitest.config.ts). Every `open()` and `env()`
 * gives a new, empty database, so tests stay independent on the shared server.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { openAppDb, type AppDb } from '../../db/index.ts'

export interface AppDatabase {
  name: 'SQLite' | 'PostgreSQL'
  /** A new, migrated app database. */
  open(): Promise<AppDb>
  /** The settings that make a cockpit (openRuntime, `cockpit start`) use a new database of this kind. */
  env(): Promise<NodeJS.ProcessEnv>
}

/** A new empty database on the harness's PostgreSQL; its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const admin = new URL(inject('postgres').url)
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  admin.pathname = `/${name}`
  return admin.toString()
}

/** One statement on a PostgreSQL database, outside the cockpit: its rows. */
export async function queryPostgres(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows
  } finally {
    await client.end()
  }
}

export const sqlite: AppDatabase = {
  name: 'SQLite',
  open: () => openAppDb({ file: join(mkdtempSync(join(tmpdir(), 'cockpit-appdb-')), 'app.sqlite') }),
  env: async () => ({}),
}

export const postgres: AppDatabase = {
  name: 'PostgreSQL',
  open: async () => openAppDb({ url: await createPostgresDatabase(), poolSize: 4 }),
  env: async () => ({ COCKPIT_DATABASE_URL: await createPostgresDatabase() }),
}

export const appDatabases: AppDatabase[] = [sqlite, postgres]
