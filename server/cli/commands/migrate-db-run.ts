/**
 * `cockpit migrate-db <postgres-url>`: moves an embedded install's app database (users,
 * sessions, notebooks, boards, alert rules, job runs, the catalog's metadata) from
 * <data dir>/app.sqlite into an empty PostgreSQL database, which the same migrations bring to
 * the same schema first. The catalog's files stay where they are (the catalog folder or S3):
 * only the metadata moves. The copy is one PostgreSQL transaction, checked table by table
 * (row counts) and on the catalog (latest snapshot, live files) before it commits; app.sqlite is
 * left untouched, as the way back.
 *
 * The cockpit must be stopped: the command takes SQLite's exclusive lock, which it cannot while
 * a cockpit (or another cockpit command) has the file open, and which keeps one from starting on
 * it until the copy is done.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrateToLatest, openAppDb, redactDatabaseUrl, type AppDb } from '../../../db/index.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { textTable } from '../format-result.ts'
import { catalogFingerprint, copyTables, nonEmptyTables, resetSequences, sqliteTables, type AnyDb } from '../app-db-copy.ts'

const FAILED = 'cockpit: migrate-db failed:'

/** A failure the operator can act on: one line, exit status `status`. */
class MigrateDbError extends Error {
  constructor(
    message: string,
    readonly status: 1 | 2 = 1,
  ) {
    super(message)
  }
}

export const runMigrateDbCommand: CommandRun = async (context: CommandContext) => {
  const url = context.args[0] ?? ''
  const shown = starPassword(url)
  // A configuration error is reported as for every command (exit 2), before anything is opened.
  const dataDir = context.settings().dataDir
  try {
    checkUrl(url, shown)
    const summary = await migrate(context, { url, shown, dataDir })
    context.io.stdout(summary)
    return 0
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    context.io.stderr(`${FAILED} ${hidePassword(message, url)}`)
    return error instanceof MigrateDbError ? error.status : 1
  }
}

async function migrate(context: CommandContext, target: { url: string; shown: string; dataDir: string }): Promise<string> {
  const say = (line: string) => context.io.stderr(line)
  const source = openSourceExclusively(target.dataDir)
  let postgres: AppDb | undefined
  try {
    await migrateToLatest(source)
    postgres = await openAppDb({ url: target.url, poolSize: 2 }).catch((error: Error) => {
      throw new MigrateDbError(`cannot open PostgreSQL at ${target.shown}: ${error.message}`)
    })
    await refuseNonEmpty(postgres, target.shown)
    const tables = await sqliteTables(source)
    const before = await catalogFingerprint(source)
    say(`copying ${tables.length} tables from ${join(target.dataDir, 'app.sqlite')} to ${target.shown}`)
    const counts = await postgres.transaction().execute(async (trx) => {
      // Checked again inside the transaction: a cockpit started on the target meanwhile wins.
      await refuseNonEmpty(trx, target.shown)
      const copied = await copyTables(source, trx, tables, ({ table, copied, total }) => {
        if (copied === total) say(`  ${table}: ${total} ${total === 1 ? 'row' : 'rows'}`)
      })
      await resetSequences(trx)
      const after = await catalogFingerprint(trx)
      if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`the catalog differs after the copy: SQLite ${JSON.stringify(before)}, PostgreSQL ${JSON.stringify(after)}`)
      return copied
    })
    return report(counts, before, target)
  } finally {
    await postgres?.destroy()
    await source.destroy()
  }
}

/** The data dir's app.sqlite under an exclusive lock, held until the copy is done (see above). */
function openSourceExclusively(dataDir: string): AnyDb {
  const file = join(dataDir, 'app.sqlite')
  if (!existsSync(file)) throw new MigrateDbError(`no embedded app database in ${dataDir} (app.sqlite): is --data-dir (COCKPIT_DATA_DIR) the cockpit's data dir?`, 2)
  const sqlite = new Database(file, { fileMustExist: true, timeout: 1_000 })
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE')
    sqlite.pragma('foreign_keys = ON')
    // The first write transaction takes the lock; it fails while another connection has the file open.
    sqlite.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (error) {
    sqlite.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new MigrateDbError(`the app database in ${dataDir} is in use: stop the cockpit (and any cockpit command) on this data dir, then run migrate-db again`)
    throw error
  }
  return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
}

async function refuseNonEmpty(db: AnyDb, shown: string): Promise<void> {
  const filled = await nonEmptyTables(db)
  if (filled.length === 0) return
  const shownTables = filled.slice(0, 5).map(({ table, rows }) => `${table} (${rows})`)
  const what = [...shownTables, ...(filled.length > 5 ? [`${filled.length - 5} more tables`] : [])].join(', ')
  throw new MigrateDbError(`the PostgreSQL database at ${shown} is not empty (${what}); migrate-db only fills an empty database: create a new one (CREATE DATABASE …) and give its URL`)
}

function report(counts: { table: string; source: number; target: number }[], catalog: Awaited<ReturnType<typeof catalogFingerprint>>, target: { shown: string; dataDir: string }): string {
  const rows = counts.map(({ table, source, target: copied }) => [table, String(source), String(copied)])
  return [
    textTable(['table', 'sqlite rows', 'postgresql rows'], rows),
    '',
    `Copied ${counts.reduce((sum, count) => sum + count.target, 0)} rows in ${counts.length} tables; every count matches.`,
    `Catalog: latest snapshot ${catalog.latestSnapshot ?? 'none'}, ${catalog.tables} tables, ${catalog.liveFiles} live files (${catalog.liveRows} rows) on both sides. Its files stay where they are.`,
    '',
    'Next: start the cockpit on the same data dir with the app database in PostgreSQL:',
    `  COCKPIT_DATABASE_URL=${target.shown} cockpit start --data-dir ${target.dataDir}`,
    `${join(target.dataDir, 'app.sqlite')} is left as it was: keep it as a backup until the cockpit runs on PostgreSQL (it is not read while COCKPIT_DATABASE_URL is set).`,
  ].join('\n')
}

/** A PostgreSQL URL with a host and a database name; anything else is a usage error (exit 2). */
function checkUrl(url: string, shown: string): void {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  const valid = parsed !== undefined && /^postgres(ql)?:$/.test(parsed.protocol) && parsed.hostname !== '' && parsed.pathname.length > 1
  if (!valid) throw new MigrateDbError(`expected a PostgreSQL URL such as postgres://user:password@host:5432/database, got "${shown}"`, 2)
}

/** The URL with its password starred, also when the URL does not parse. */
function starPassword(url: string): string {
  return URL.canParse(url) ? redactDatabaseUrl(url) : url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
}

/** A message with the URL's password starred wherever a driver may have echoed it. */
function hidePassword(message: string, url: string): string {
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : /\/\/[^:/@]*:([^@/]*)@/.exec(url)?.[1]
  return password === undefined || password === '' ? message : message.replaceAll(password, '***')
}
