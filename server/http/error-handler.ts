/**
 * The one `onError` of the cockpit: the app's and the service API's (which Hono runs for routes
 * mounted from it). ApiError answers as it says; the SQL service's errors and Hono's own
 * HTTPExceptions (malformed JSON, a body over its limit) are translated into the same body;
 * anything else is a bug, logged with its stack and answered `500 internal` without it.
 */
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from '../logger.ts'
import { SqlError } from '../sql/sql-errors.ts'
import { answerError, ApiError, type ApiErrorCode } from './api-error.ts'
import { apiErrorOfSql } from './sql-error-codes.ts'

const CODE_OF_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'timeout',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'unavailable',
}

export function errorHandler(logger: Pick<Logger, 'error'>): ErrorHandler {
  return (error: Error, c: Context) => {
    const apiError = asApiError(error)
    if (apiError.status >= 500 && !(error instanceof ApiError) && !(error instanceof SqlError)) {
      logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed')
    }
    return answerError(c, apiError)
  }
}

export function asApiError(error: Error): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof SqlError) return apiErrorOfSql(error)
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode
    // Hono throws 400 for a body that is not the JSON it was told to expect.
    return new ApiError(status, CODE_OF_STATUS[status] ?? 'bad-request', error.message || 'bad request', { field: status === 400 || status === 413 ? 'body' : undefined }, { cause: error })
  }
  return new ApiError(500, 'internal', 'internal error', {}, { cause: error })
}
