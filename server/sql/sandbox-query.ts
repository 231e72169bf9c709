/**
 * Runs one query inside a sandbox worker: a fresh in-memory DuckDB with memory, thread and
 * temp-size limits, the catalog's views, then the lockdown — `allowed_directories`, no external
 * access, configuration locked — then the read-only check and the query itself, read chunk by
 * chunk up to the row limit and encoded in the requested format.
 */
import { DuckDBInstance, JsonDuckDBValueConverter, type DuckDBConnection, type DuckDBResult } from '@duckdb/node-api'
import { mkdirSync } from 'node:fs'
import { assertReadOnlyStatement } from './classify-statement.ts'
import { csvRow } from './csv-encoding.ts'
import { locateDuckDbMessage } from './error-position.ts'
import { cancelledError, SqlError, type SqlErrorCode } from './sql-errors.ts'
import type { QueryOutput, SandboxLimits, WorkerRequest } from './worker-protocol.ts'

export interface RunningQuery {
  /**
   * Stops the query now — at DuckDB's next interrupt check, or before it starts if it has not
   * yet — because its client went away; it then fails as cancelled.
   */
  cancel(): void
  done: Promise<QueryOutput>
}

/** Why a query was stopped before it ended by itself. */
type StopReason = 'timeout' | 'cancelled'

export function startSandboxQuery(request: WorkerRequest): RunningQuery {
  let connection: DuckDBConnection | undefined
  let stopped: StopReason | undefined
  let timer: NodeJS.Timeout | undefined
  const stop = (reason: StopReason): void => {
    stopped ??= reason
    connection?.interrupt()
  }
  const done = (async () => {
    // Loading apache-arrow takes a second on a busy machine; it must not count against the query's time.
    const arrowEncoding = request.format === 'arrow' ? await import('./arrow-encoding.ts') : undefined
    timer = setTimeout(() => stop('timeout'), request.timeoutMs)
    const instance = await openSandbox(request.limits)
    try {
      connection = await instance.connect()
      // A stop that came while DuckDB opened found no connection to interrupt.
      if (stopped !== undefined) throw new Error('Interrupted')
      await prepareSession(connection, request)
      if (stopped !== undefined) throw new Error('Interrupted')
      const output = await runQuery(connection, request, arrowEncoding)
      // An interrupted DuckDB stream ends with an empty chunk instead of an error: a result read
      // while the query was stopped may be cut short, so it is never handed out as complete.
      if (stopped !== undefined) throw new Error('Interrupted')
      return output
    } catch (error) {
      throw asSqlError(error, request, stopped)
    } finally {
      clearTimeout(timer)
      connection?.closeSync()
      instance.closeSync()
    }
  })()
  return { cancel: () => stop('cancelled'), done }
}

async function openSandbox(limits: SandboxLimits): Promise<DuckDBInstance> {
  mkdirSync(limits.tempDir, { recursive: true })
  return DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: limits.tempDir,
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    max_temp_directory_size: limits.maxTempDirectorySize,
  })
}

async function prepareSession(connection: DuckDBConnection, request: WorkerRequest): Promise<void> {
  const { limits } = request
  await connection.run(`SET TimeZone = ${literal(limits.plantTz)}`)
  for (const statement of request.views) await connection.run(statement)
  const dirs = limits.allowedDirs.map((dir) => literal(dir.endsWith('/') ? dir : `${dir}/`)).join(', ')
  await connection.run(`SET allowed_directories = [${dirs}]`)
  await connection.run('SET enable_external_access = false')
  await connection.run('SET lock_configuration = true')
  await assertReadOnlyStatement(connection, request.sql)
}

type ArrowEncoding = typeof import('./arrow-encoding.ts')

async function runQuery(connection: DuckDBConnection, request: WorkerRequest, arrowEncoding: ArrowEncoding | undefined): Promise<QueryOutput> {
  const prepared = await connection.prepare(request.sql)
  try {
    if (request.params !== undefined) bindParams(prepared, request.params)
    return await readResult(await prepared.stream(), request, arrowEncoding)
  } finally {
    prepared.destroySync()
  }
}

function bindParams(prepared: Awaited<ReturnType<DuckDBConnection['prepare']>>, params: NonNullable<WorkerRequest['params']>): void {
  const expected = prepared.parameterCount
  const given = Array.isArray(params) ? params.length : Object.keys(params).length
  if (given !== expected) throw new SqlError('invalid_params', `the query has ${expected} parameter(s), got ${given}`)
  try {
    prepared.bind(params)
  } catch (error) {
    throw new SqlError('invalid_params', (error as Error).message, {}, { cause: error })
  }
}

async function readResult(result: DuckDBResult, request: WorkerRequest, arrowEncoding: ArrowEncoding | undefined): Promise<QueryOutput> {
  const names = result.columnNames()
  const types = result.columnTypes()
  const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }))
  const arrow = arrowEncoding === undefined ? undefined : new arrowEncoding.ArrowStreamEncoder(names.map((name, i) => ({ name, type: types[i]! })))
  const rows: unknown[][] = []
  let csv = request.format === 'csv' ? csvRow(names) : ''
  let rowCount = 0
  let truncated = false
  for (;;) {
    const chunk = await result.fetchChunk()
    if (chunk === null || chunk.rowCount === 0) break
    const take = Math.min(chunk.rowCount, request.limit - rowCount)
    if (take < chunk.rowCount) truncated = true
    if (take > 0) {
      if (arrow !== undefined) arrow.pushChunk(chunk, take)
      else {
        const converted = chunk.convertRows(JsonDuckDBValueConverter).slice(0, take)
        if (request.format === 'csv') for (const row of converted) csv += csvRow(row)
        else rows.push(...converted)
      }
      rowCount += take
    }
    if (truncated) break
  }
  if (request.format === 'arrow') return { columns, rowCount, truncated, arrow: arrow!.finish() }
  if (request.format === 'csv') return { columns, rowCount, truncated, csv }
  return { columns, rowCount, truncated, rows }
}

function asSqlError(error: unknown, request: WorkerRequest, stopped: StopReason | undefined): SqlError {
  if (error instanceof SqlError) return error
  const raw = (error as Error).message ?? String(error)
  if (stopped === 'timeout') return new SqlError('timeout', `the query ran longer than ${request.timeoutMs} ms and was stopped`, {}, { cause: error })
  if (stopped === 'cancelled') return cancelledError({ cause: error })
  const located = locateDuckDbMessage(request.sql, raw)
  return new SqlError(errorCode(located.message), located.message, located, { cause: error })
}

/** The code of a DuckDB error, from the error class DuckDB puts first in its message. */
function errorCode(message: string): SqlErrorCode {
  if (message.startsWith('Out of Memory Error')) return 'out_of_memory'
  if (message.startsWith('Permission Error')) return 'permission_denied'
  if (/^(Parser|Binder|Catalog) Error/.test(message)) return 'invalid_sql'
  return 'query_failed'
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
