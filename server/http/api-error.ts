/**
 * The cockpit's one error type and body, for every route under /api:
 * `{error: {code, message, field?, line?, column?}}` with kebab-case codes. Routes throw
 * `ApiError`; the one error handler (./error-handler.ts) is the only place an error becomes a
 * response, so a client never sees a stack trace and never a second shape.
 */
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export const API_ERROR_CODES = [
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'conflict',
  // A job's lease is held by another instance sharing the app database (routes/jobs.ts).
  'job-running-elsewhere',
  'too-large',
  'unsupported-media-type',
  'rate-limited',
  // The SQL service's refusals (./sql-error-codes.ts maps its snake_case codes onto these).
  'invalid-sql',
  'not-read-only',
  'multiple-statements',
  'invalid-params',
  'permission-denied',
  'out-of-memory',
  'query-failed',
  'timeout',
  'busy',
  'unavailable',
  'internal',
] as const

export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

export interface ApiErrorDetails {
  /** The request field at fault (query parameter, path parameter, body property, or `body`). */
  field?: string
  /** For SQL errors: the 1-based line and column of the query text DuckDB points at. */
  line?: number
  column?: number
  /** Headers the answer must carry (`Allow` for 405, `Retry-After` for 429/503). */
  headers?: Record<string, string>
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly field?: string
  readonly line?: number
  readonly column?: number
  readonly headers?: Record<string, string>
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    details: ApiErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.field = details.field
    this.line = details.line
    this.column = details.column
    this.headers = details.headers
  }
}

export const badRequest = (field: string, message: string): ApiError => new ApiError(400, 'bad-request', `${field}: ${message}`, { field })
export const notFound = (message: string, field?: string): ApiError => new ApiError(404, 'not-found', message, { field })
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message)

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).openapi({ example: 'bad-request', description: 'What went wrong, stable for clients to branch on.' }),
      message: z.string().openapi({ example: 'to: must not be before from' }),
      field: z.string().optional().openapi({ example: 'to', description: 'The request field at fault.' }),
      line: z.number().int().optional().openapi({ description: 'For SQL errors: the 1-based line DuckDB points at.' }),
      column: z.number().int().optional().openapi({ description: 'For SQL errors: the 1-based column DuckDB points at.' }),
    }),
  })
  .openapi('Error')

export type ErrorBody = z.infer<typeof errorBodySchema>

export function errorBody(error: ApiError): ErrorBody {
  const { code, message, field, line, column } = error
  return { error: { code, message, ...(field !== undefined && { field }), ...(line !== undefined && { line }), ...(column !== undefined && { column }) } }
}

/** The answer to an error (through the context, so headers already set on it — a cleared cookie — go along). */
export function answerError(c: Context, error: ApiError): Response {
  return c.json(errorBody(error), error.status, error.headers)
}
