/**
 * DuckDB in the browser: duckdb-wasm in a Web Worker, holding each cell's result as a table
 * named after the cell, so a cell that reads only other cells and inputs runs here without a
 * round trip. Loaded lazily (a chunk of its own, fetched by the notebook editor only). Nothing is
 * ever downloaded: extension autoloading is off, and there is no file or network access to use.
 */
import { AsyncDuckDB, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm'
import { locateDuckDbMessage, positionalParameters } from '../../../cells/index.ts'
import { tableRows, type DecodedResult } from '../lib/arrow-result.ts'
import { bundleChoices, type BundleName } from './duckdb-bundles.ts'
import { WasmSqlError } from './wasm-sql-error.ts'

export interface WasmEngine {
  bundle: BundleName
  /**
   * Whether this build has `json_serialize_sql` (its json extension linked in). duckdb-wasm
   * 1.32 has not, and loading the extension would be a download: then the server's parser
   * finds references (./reference-port.ts).
   */
  parses: boolean
  /** Replaces the table `name` with the rows of an Arrow IPC stream (a server result). */
  loadArrow(name: string, bytes: Uint8Array): Promise<void>
  /** Runs `sql` with `$name` parameters bound from `params` into the table `name`; answers its first `limit` rows. */
  runIntoTable(name: string, sql: string, params: Record<string, unknown>, limit: number): Promise<WasmResult>
  /** Forgets a table (its cell was renamed, deleted or failed). */
  drop(name: string): Promise<void>
  /** Drops every table: another notebook opens in the same engine. */
  reset(): Promise<void>
  /** Runs one statement and answers its rows (the reference port's parser call). */
  query(sql: string, params?: unknown[]): Promise<DecodedResult>
  close(): Promise<void>
}

export interface WasmResult extends DecodedResult {
  /** Rows the table holds (the result is complete: all of them, even past `limit`). */
  total: number
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * How long a build may take to start before the next is tried. The threaded build (coi) was seen
 * to hang in headless Chromium now and then — neither starting nor failing — which left cells on
 * the server for good; a cold start otherwise takes a few seconds.
 */
const START_LIMIT_MS = 45_000

function withinTime<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/** A database in a worker on the first build that starts. */
async function instantiate(): Promise<{ db: AsyncDuckDB; worker: Worker; bundleName: BundleName }> {
  const failures: string[] = []
  for (const { bundle, name } of await bundleChoices()) {
    const worker = new Worker(bundle.mainWorker!)
    const db = new AsyncDuckDB(new VoidLogger(), worker)
    try {
      await withinTime(db.instantiate(bundle.mainModule, bundle.pthreadWorker), START_LIMIT_MS, `did not start within ${START_LIMIT_MS / 1000} s`)
      return { db, worker, bundleName: name }
    } catch (error) {
      worker.terminate()
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  throw new Error(`duckdb-wasm did not start (${failures.join('; ')})`)
}

export async function startWasmEngine(): Promise<WasmEngine> {
  const { db, worker, bundleName } = await instantiate()
  await db.open({ query: { castBigIntToDouble: false } })
  const conn = await db.connect()
  // An unknown function must not make DuckDB fetch an extension from the internet.
  await conn.query('SET autoload_known_extensions = false')
  await conn.query('SET autoinstall_known_extensions = false')
  const parses = Number((await conn.query("SELECT count(*)::DOUBLE FROM duckdb_functions() WHERE function_name = 'json_serialize_sql'")).getChildAt(0)?.get(0)) > 0
  // Serialised: one connection, one statement at a time, in the order asked.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }
  return {
    bundle: bundleName,
    parses,
    loadArrow: (name, bytes) =>
      serial(async () => {
        await conn.query(`DROP TABLE IF EXISTS ${quote(name)}`)
        await conn.insertArrowFromIPCStream(bytes, { name, create: true })
      }),
    runIntoTable: (name, sql, params, limit) => serial(() => runIntoTable(conn, name, sql, params, limit)),
    drop: (name) => serial(async () => void (await conn.query(`DROP TABLE IF EXISTS ${quote(name)}`))),
    reset: () =>
      serial(async () => {
        const tables = await conn.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")
        for (const name of tables.getChildAt(0)?.toArray() ?? []) await conn.query(`DROP TABLE IF EXISTS ${quote(String(name))}`)
      }),
    query: (sql, params = []) =>
      serial(async () => {
        const statement = await conn.prepare(sql)
        try {
          return tableRows(await statement.query(...params))
        } finally {
          await statement.close()
        }
      }),
    close: async () => {
      await conn.close()
      await db.terminate()
      worker.terminate()
    },
  }
}

async function runIntoTable(conn: AsyncDuckDBConnection, name: string, sql: string, params: Record<string, unknown>, limit: number): Promise<WasmResult> {
  // duckdb-wasm binds by position only: $from becomes $1, padded so error columns still match.
  const positional = positionalParameters(sql)
  const values = positional.order.map((parameter) => params[parameter] ?? null)
  let statement
  try {
    // The cell's statement as written first, so DuckDB's error positions are the cell's own.
    statement = await conn.prepare(`CREATE OR REPLACE TABLE ${quote(name)} AS\n${positional.sql}`)
    await statement.query(...values)
  } catch (error) {
    throw wasmError(error, positional.sql)
  } finally {
    await statement?.close()
  }
  const total = Number((await conn.query(`SELECT count(*)::DOUBLE AS n FROM ${quote(name)}`)).getChildAt(0)?.get(0) ?? 0)
  const rows = tableRows(await conn.query(`SELECT * FROM ${quote(name)} LIMIT ${limit}`))
  return { ...rows, total }
}

/** DuckDB's message with its "LINE n:" excerpt turned into a line and column of `sql` (one line of CREATE … AS above it). */
function wasmError(error: unknown, sql: string): WasmSqlError {
  if (!(error instanceof Error)) return new WasmSqlError(String(error))
  const located = locateDuckDbMessage(`\n${sql}`, error.message)
  const line = located.line === undefined ? undefined : located.line - 1
  return new WasmSqlError(located.message, line !== undefined && line >= 1 ? line : undefined, line !== undefined && line >= 1 ? located.column : undefined)
}
