/**
 * The SQL service: runs one read-only statement over the catalog in a sandbox worker process —
 * a fresh in-memory DuckDB per query over the catalog's views as of a snapshot, no file access
 * outside the catalog's files (mounted read-only), configuration locked, memory, thread, temp,
 * row and time limits. The server's routes, `cockpit sql` and the service API all use it.
 */
import { mkdirSync } from 'node:fs'
import { catalogViewStatements, type Catalog } from '../../catalog/index.ts'
import type { Logger } from '../logger.ts'
import { SqlError } from './sql-errors.ts'
import { workerCommand, type SqlIsolation } from './worker-launch.ts'
import { WorkerPool, type PoolRequest } from './worker-pool.ts'
import { startSandboxQuery } from './sandbox-query.ts'
import type { QueryOutput, ResultFormat, SqlParams } from './worker-protocol.ts'

export interface SqlServiceOptions {
  catalog: Catalog
  plantTz: string
  /** Spill folder of the sandbox's DuckDB (writable; not readable by user SQL). */
  tempDir: string
  /** Folders the catalog's Parquet files are read from (the local catalog or the S3 read cache). */
  readDirs: string[]
  isolation: SqlIsolation
  /** Default statement time limit (COCKPIT_QUERY_TIMEOUT). */
  timeoutMs: number
  workers?: number
  memoryLimit?: string
  threads?: number
  maxTempDirectorySize?: string
  /** Rows a result may have at most, whatever the request asks. */
  maxRows?: number
  /** Where a worker that dies or cannot start is reported. */
  logger?: Pick<Logger, 'warn'>
  /**
   * Run queries in this process instead of worker processes: for one-shot CLI commands, whose
   * user already has the shell and the data dir, so the read-only mount would protect nothing
   * from them, while a worker would add seconds to every `cockpit sql`. The DuckDB sandbox
   * (parser check, lockdown, limits, time limit) is the same.
   */
  inProcess?: boolean
}

export interface SqlQuery {
  sql: string
  params?: SqlParams
  format?: ResultFormat
  /** Rows to return at most (default 10,000; capped by the service's maxRows). */
  limit?: number
  /** Read the catalog as of this snapshot id. */
  asOf?: number
  /** A shorter time limit than the service's (never a longer one). */
  timeoutMs?: number
}

export interface SqlOutput extends QueryOutput {
  elapsedMs: number
}

export interface SqlResult {
  columns: QueryOutput['columns']
  /** JSON-safe values: big integers and decimals as strings, timestamps as text. */
  rows: unknown[][]
  truncated: boolean
  elapsedMs: number
}

export interface SqlService {
  query(query: SqlQuery): Promise<SqlOutput>
  /** Starts the workers ahead of the first query. */
  warm(): void
  /** Process ids of the live sandbox workers. */
  workerPids(): number[]
  close(): Promise<void>
  readonly maxRows: number
  readonly timeoutMs: number
}

export const DEFAULT_LIMIT = 10_000
export const DEFAULT_MAX_ROWS = 1_000_000
/** Grace after the time limit before a worker that ignores the interrupt is killed. */
const KILL_GRACE_MS = 2_000

export function createSqlService(options: SqlServiceOptions): SqlService {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  // Workers bind-mount these at start: a folder that does not exist yet would fail the mount.
  for (const dir of options.readDirs) mkdirSync(dir, { recursive: true })
  const pool = new WorkerPool({
    size: options.workers ?? 2,
    command: workerCommand(options.isolation, options.readDirs),
    graceMs: KILL_GRACE_MS,
    maxQueue: 32,
    onWorkerExit: ({ pid, code, signal, stderr, closing }) => {
      if (closing) return
      options.logger?.warn({ pid, code, signal, stderr: stderr.trim().split('\n').slice(-5).join('\n') }, 'an SQL sandbox worker exited; a new one takes its place')
    },
  })
  const limits = {
    plantTz: options.plantTz,
    tempDir: options.tempDir,
    allowedDirs: options.readDirs,
    memoryLimit: options.memoryLimit ?? '1GB',
    threads: options.threads ?? 1,
    maxTempDirectorySize: options.maxTempDirectorySize ?? '4GB',
  }
  return {
    maxRows,
    timeoutMs: options.timeoutMs,
    warm: () => pool.warm(),
    workerPids: () => pool.pids(),
    close: () => pool.close(),
    async query(query) {
      const started = performance.now()
      const views = await catalogViewStatements(options.catalog, { asOf: query.asOf }).catch((error: Error) => {
        throw new SqlError('query_failed', `cannot show the catalog${query.asOf === undefined ? '' : ` as of snapshot ${query.asOf}`}: ${error.message}`, {}, { cause: error })
      })
      const request: PoolRequest = {
        views,
        sql: query.sql,
        params: query.params,
        format: query.format ?? 'json',
        limit: Math.min(query.limit ?? DEFAULT_LIMIT, maxRows),
        timeoutMs: Math.min(query.timeoutMs ?? options.timeoutMs, options.timeoutMs),
        limits,
      }
      const output = options.inProcess === true ? await startSandboxQuery({ type: 'query', id: 0, ...request }).done : await pool.run(request)
      return { ...output, elapsedMs: Math.round(performance.now() - started) }
    },
  }
}

/** A query answered as JSON rows: what `cockpit sql`, /api/sql and the web app use. */
export async function runSql(service: SqlService, query: Omit<SqlQuery, 'format'>): Promise<SqlResult> {
  const output = await service.query({ ...query, format: 'json' })
  return { columns: output.columns, rows: output.rows ?? [], truncated: output.truncated, elapsedMs: output.elapsedMs }
}
