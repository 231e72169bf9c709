/**
 * The SQL service: runs one read-only statement over the catalog in a sandboxed DuckDB — its own
 * in-memory instance, the catalog's views as of a snapshot, no file access outside the catalog's
 * files, a memory limit and a time limit, and the configuration locked before user SQL runs.
 * `cockpit sql` and the server use this same function.
 */
import { StatementType, type DuckDBConnection } from '@duckdb/node-api'
import { createCatalogViews, type Catalog } from '../../catalog/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'
import { SqlError } from './sql-errors.ts'

export interface SqlSandbox {
  catalog: Catalog
  plantTz: string
  tempDir: string
  /** Folders the catalog's Parquet files are read from (the local catalog or the S3 read cache). */
  allowedDirs: string[]
  memoryLimit?: string
}

export interface SqlQuery {
  sql: string
  asOf?: number
  maxRows?: number
  timeoutMs?: number
}

export interface SqlColumn {
  name: string
  type: string
}

export interface SqlResult {
  columns: SqlColumn[]
  /** JSON-safe values: big integers as strings, timestamps as ISO text. */
  rows: unknown[][]
  truncated: boolean
  elapsedMs: number
}

const READ_ONLY = new Set([StatementType.SELECT, StatementType.EXPLAIN])
const WRITE_VERB = /^\s*(insert|update|delete|merge|create|drop|alter|truncate|copy|attach|detach|install|load|set|reset|pragma|call|export|import|checkpoint|vacuum|use)\b/i

export async function runSql(sandbox: SqlSandbox, query: SqlQuery): Promise<SqlResult> {
  const started = Date.now()
  const session = await openDuckDbSession({ plantTz: sandbox.plantTz, tempDir: sandbox.tempDir, memoryLimit: sandbox.memoryLimit ?? '1GB' })
  try {
    await createCatalogViews(session.connection, sandbox.catalog, { asOf: query.asOf })
    await lockDown(session.connection, sandbox.allowedDirs)
    await assertReadOnly(session.connection, query.sql)
    const maxRows = query.maxRows ?? 10_000
    const reader = await withTimeout(session.connection, query.timeoutMs ?? 30_000, () => session.connection.runAndReadUntil(query.sql, maxRows + 1))
    const names = reader.columnNames()
    const types = reader.columnTypes().map((type) => type.toString())
    const rows = reader.getRowsJson().slice(0, maxRows) as unknown[][]
    return { columns: names.map((name, i) => ({ name, type: types[i] ?? '' })), rows, truncated: reader.currentRowCount > maxRows, elapsedMs: Date.now() - started }
  } catch (error) {
    if (error instanceof SqlError) throw error
    throw new SqlError('failed', firstLine(error), { cause: error })
  } finally {
    session.close()
  }
}

async function lockDown(connection: DuckDBConnection, allowedDirs: string[]): Promise<void> {
  const dirs = allowedDirs.map((dir) => `'${(dir.endsWith('/') ? dir : `${dir}/`).replaceAll("'", "''")}'`).join(', ')
  await connection.run(`SET allowed_directories = [${dirs}]`)
  await connection.run('SET enable_external_access = false')
  await connection.run('SET lock_configuration = true')
}

async function assertReadOnly(connection: DuckDBConnection, sql: string): Promise<void> {
  let statements
  try {
    statements = await connection.extractStatements(sql)
  } catch (error) {
    throw new SqlError('invalid', firstLine(error), { cause: error })
  }
  if (statements.count !== 1) throw new SqlError('invalid', `expected exactly one SQL statement, got ${statements.count}`)
  let prepared
  try {
    prepared = await statements.prepare(0)
  } catch (error) {
    // Writes against views fail to bind before their type is known; name the real problem.
    const verb = WRITE_VERB.exec(sql)?.[1]
    if (verb !== undefined) throw new SqlError('not-read-only', `only SELECT queries are allowed here (got ${verb.toUpperCase()})`, { cause: error })
    throw new SqlError('invalid', firstLine(error), { cause: error })
  }
  const type = prepared.statementType
  prepared.destroySync()
  if (!READ_ONLY.has(type)) {
    throw new SqlError('not-read-only', `only SELECT queries are allowed here (got ${StatementType[type] ?? 'another statement'})`)
  }
}

async function withTimeout<T>(connection: DuckDBConnection, ms: number, run: () => Promise<T>): Promise<T> {
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    connection.interrupt()
  }, ms)
  try {
    return await run()
  } catch (error) {
    if (timedOut) throw new SqlError('timeout', `the query ran longer than ${ms} ms and was stopped`, { cause: error })
    throw error
  } finally {
    clearTimeout(timer)
  }
}

function firstLine(error: unknown): string {
  const message = ((error as Error).message ?? String(error)).replace(/^Failed to extract statements: /, '')
  return message.split('\n')[0] ?? message
}
