/**
 * Errors of the SQL service, as values the CLI and the API turn into one clear message. Each
 * has a stable code (what an API client branches on), DuckDB's own message, and where in the
 * query it points when DuckDB says so.
 */

export const SQL_ERROR_CODES = [
  'invalid_request',
  'permission_denied',
  'invalid_sql',
  'not_read_only',
  'multiple_statements',
  'invalid_params',
  'timeout',
  'out_of_memory',
  'query_failed',
  'busy',
  'sandbox_unavailable',
  'unknown_snapshot',
] as const

export type SqlErrorCode = (typeof SQL_ERROR_CODES)[number]

export interface SqlErrorPosition {
  /** 1-based line and column of the query text DuckDB points at. */
  line?: number
  column?: number
}

export interface SqlErrorBody extends SqlErrorPosition {
  code: SqlErrorCode
  message: string
}

export class SqlError extends Error {
  override readonly name = 'SqlError'
  readonly line?: number
  readonly column?: number
  constructor(
    readonly code: SqlErrorCode,
    message: string,
    position: SqlErrorPosition = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.line = position.line
    this.column = position.column
  }

  toBody(): SqlErrorBody {
    return { code: this.code, message: this.message, line: this.line, column: this.column }
  }

  static fromBody(body: SqlErrorBody): SqlError {
    return new SqlError(body.code, body.message, { line: body.line, column: body.column })
  }
}

/** `busy`: the queues are full; the client may try again after `retryAfterSeconds` (the `Retry-After` header). */
export class SqlBusyError extends SqlError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('busy', message)
  }
}

/**
 * A query stopped because its client went away. Nobody reads this answer; it is `query_failed`
 * rather than a code of its own so that clients and the API's error mapping need no new case.
 */
export function cancelledError(options?: ErrorOptions): SqlError {
  return new SqlError('query_failed', 'the query was cancelled: its client went away', {}, options)
}

// Codes become HTTP statuses and the API's kebab-case codes in one place: server/http/sql-error-codes.ts.
