/**
 * The one place the SQL service's snake_case error codes (its worker protocol, shared with the
 * CLI) become the API's kebab-case codes and HTTP statuses. A record over every SqlErrorCode, so
 * a new code in the service does not compile until it is mapped here.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { SqlError, SqlErrorCode } from '../sql/sql-errors.ts'
import { ApiError, type ApiErrorCode } from './api-error.ts'

const SQL_ERRORS: Record<SqlErrorCode, { code: ApiErrorCode; status: ContentfulStatusCode; field?: string }> = {
  invalid_request: { code: 'bad-request', status: 400 },
  invalid_sql: { code: 'invalid-sql', status: 400 },
  not_read_only: { code: 'not-read-only', status: 400 },
  multiple_statements: { code: 'multiple-statements', status: 400 },
  invalid_params: { code: 'invalid-params', status: 400 },
  permission_denied: { code: 'permission-denied', status: 400 },
  out_of_memory: { code: 'out-of-memory', status: 400 },
  query_failed: { code: 'query-failed', status: 400 },
  timeout: { code: 'timeout', status: 408 },
  busy: { code: 'busy', status: 503 },
  sandbox_unavailable: { code: 'unavailable', status: 503 },
  unknown_snapshot: { code: 'not-found', status: 404, field: 'asOf' },
}

/** The API error of a SQL error: the field at fault is `sql` (with DuckDB's line and column) unless the code names another. */
export function apiErrorOfSql(error: SqlError): ApiError {
  const { code, status, field = 'sql' } = SQL_ERRORS[error.code]
  // A full queue says when to come back (the service's busy error carries it).
  const retryAfter = 'retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number' ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined
  return new ApiError(status, code, error.message, { field, line: error.line, column: error.column, headers: retryAfter }, { cause: error })
}
