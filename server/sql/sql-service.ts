/**
 * The SQL service: runs one read-only statement over the catalog in a sandbox worker process —
 * a fresh in-memory DuckDB per query over the catalog's views as of a snapshot, no file access
 * outside the catalog's files (mounted read-only), configuration locked, memory, thread, temp,
 * row and time limits. The server's routes, `cockpit sql` and the service API all use it.
 */
import { mkdirSync } from 'node:fs'
import { catalogViewStatements, latestSnapshotId, type Catalog } from '../../catalog/index.ts'
import type { Logger } from '../logger.ts'
import { cancelledError, SqlError } from './sql-errors.ts'
import { workerCommand, type SqlIsolation } from './worker-launch.ts'
import { WorkerPool, type PoolRequest, type PoolStats } from './worker-pool.ts'
import { startSandboxQuery } from './sandbox-query.ts'
import type { QueryOutput, ResultFormat, SqlParams } from './worker-protocol.ts'
import { viewsNeeded } from './views-needed.ts'

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
  /** Queries one user may have running at once (COCKPIT_SQL_PER_USER); default 2. */
  perUser?: number
  /** Worker processes; default one more than `perUser` (see `poolSize`). */
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
  /** Whose query this is (a username): each user has their own queue and at most `perUser` running. */
  user?: string
  /** The client's request signal: when it aborts, the query leaves the queue or is interrupted. */
  signal?: AbortSignal
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
  /** Workers, running and waiting queries, cancels and refusals (for /api/metrics). */
  stats(): PoolStats
  close(): Promise<void>
  readonly maxRows: number
  readonly timeoutMs: number
}

export const DEFAULT_LIMIT = 10_000
export const DEFAULT_MAX_ROWS = 1_000_000
export const DEFAULT_PER_USER = 2
/** Grace after the time limit, or after a cancel, before a worker that ignores the interrupt is killed. */
const KILL_GRACE_MS = 2_000
/** Queries all users together may have waiting; more are refused as `busy`. */
const MAX_QUEUED = 32
/** Queries one user may have waiting: a few pages of a notebook, not a flood. */
const MAX_QUEUED_PER_USER = 8

/**
 * Workers for a per-user limit: one more than it, so that one user at their limit never holds
 * every worker and another user's query starts at once; at least 2, as before the limit. Each
 * worker may use 1 GB and one DuckDB thread at the lowest CPU priority, so one more worker costs
 * memory at most when a third query runs, not CPU that ingestion or the server needs.
 */
export function poolSize(perUser: number): number {
  return Math.max(2, perUser + 1)
}

export function createSqlService(options: SqlServiceOptions): SqlService {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  // Workers bind-mount these at start: a folder that does not exist yet would fail the mount.
  for (const dir of options.readDirs) mkdirSync(dir, { recursive: true })
  const perUser = options.perUser ?? DEFAULT_PER_USER
  const pool = new WorkerPool({
    size: options.workers ?? poolSize(perUser),
    command: workerCommand(options.isolation, options.readDirs),
    graceMs: KILL_GRACE_MS,
    perUser,
    maxQueue: MAX_QUEUED,
    maxQueuedPerUser: MAX_QUEUED_PER_USER,
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
    stats: () => pool.stats(),
    close: () => pool.close(),
    async query(query) {
      const started = performance.now()
      if (query.asOf !== undefined) await requireSnapshot(options.catalog, query.asOf)
      const views = await catalogViewStatements(options.catalog, { asOf: query.asOf, tables: viewsNeeded(query.sql) }).catch((error: Error) => {
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
      const output = options.inProcess === true ? await runInProcess(request, query.signal) : await pool.run(request, { user: query.user, signal: query.signal })
      return { ...output, elapsedMs: Math.round(performance.now() - started) }
    },
  }
}

/** A query in this process (one-shot CLI commands): no queue, but a cancel still stops it. */
async function runInProcess(request: PoolRequest, signal: AbortSignal | undefined): Promise<QueryOutput> {
  if (signal?.aborted === true) throw cancelledError()
  const running = startSandboxQuery({ type: 'query', id: 0, ...request })
  const cancel = (): void => running.cancel()
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    return await running.done
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
}

/** A query answered as JSON rows: what `cockpit sql`, /api/sql and the web app use. */
export async function runSql(service: SqlService, query: Omit<SqlQuery, 'format'>): Promise<SqlResult> {
  const output = await service.query({ ...query, format: 'json' })
  return { columns: output.columns, rows: output.rows ?? [], truncated: output.truncated, elapsedMs: output.elapsedMs }
}

/**
 * Views as of a snapshot that does not exist would show today's data as if it were that past, so
 * such an `asOf` is refused, naming it. Snapshot ids count up from 1 in commit order and are never
 * removed, so an id exists exactly when it lies between 1 and the latest; 0 is the empty catalog
 * before the first commit, which every catalog has been.
 */
async function requireSnapshot(catalog: Catalog, id: number): Promise<void> {
  const latest = await latestSnapshotId(catalog)
  if (id < 0 || id > latest) throw new SqlError('unknown_snapshot', `asOf: no snapshot ${id} in the catalog (${latest === 0 ? 'it has none yet but the empty one, 0' : `snapshots are 0, the empty catalog, to ${latest}`})`)
}
