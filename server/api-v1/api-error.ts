/**
 * The service API's one error type and body: `{error: {code, message, field?}}`. Handlers throw
 * `ApiError`; the API's error handler (./service-api.ts) is the only place it becomes a response,
 * so a client never sees a stack trace.
 */
import { z } from '@hono/zod-openapi'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ApiErrorCode = 'bad-request' | 'forbidden' | 'not-found' | 'conflict' | 'too-large' | 'invalid-sql' | 'timeout' | 'internal'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    /** The request field at fault (query parameter, path parameter or body property). */
    readonly field?: string,
  ) {
    super(message)
  }
}

export const badRequest = (field: string, message: string): ApiError => new ApiError(400, 'bad-request', `${field}: ${message}`, field)
export const notFound = (message: string): ApiError => new ApiError(404, 'not-found', message)

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'bad-request' }),
      message: z.string().openapi({ example: 'to: must not be before from' }),
      field: z.string().optional().openapi({ example: 'to' }),
      line: z.number().int().optional().openapi({ description: 'For SQL errors: the line DuckDB points at.' }),
      column: z.number().int().optional(),
    }),
  })
  .openapi('Error')

export type ErrorBody = z.infer<typeof errorBodySchema>

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) } }
}

/** OpenAPI descriptions of the error answers a route may give. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, { description: string; content: { 'application/json': { schema: typeof errorBodySchema } } }> {
  const descriptions: Record<number, string> = {
    400: 'Bad request: the field at fault is named',
    401: 'No valid session or bearer token',
    403: 'The role may not do this',
    404: 'No such resource',
    409: 'Conflicts with an existing resource',
    413: 'Request body too large',
  }
  return Object.fromEntries(statuses.map((status) => [status, { description: descriptions[status] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } }])) as never
}
