/** Every error becomes the one body with a kebab-case code; nothing else reaches a client. */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it, vi } from 'vitest'
import { SQL_ERROR_CODES, SqlError } from '../sql/sql-errors.ts'
import { API_ERROR_CODES, ApiError, errorBodySchema } from './api-error.ts'
import { errorHandler } from './error-handler.ts'

function appThrowing(error: Error, logger = { error: vi.fn() }) {
  const app = new Hono().get('/', () => {
    throw error
  })
  app.onError(errorHandler(logger))
  return { app, logger }
}

describe('errorHandler', () => {
  it('answers an ApiError as it says, with its headers', async () => {
    const { app } = appThrowing(new ApiError(429, 'rate-limited', 'slow down', { headers: { 'Retry-After': '3' } }))
    const response = await app.request('/')
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(await response.json()).toEqual({ error: { code: 'rate-limited', message: 'slow down' } })
  })

  it('maps every SQL error code onto a kebab-case code of the contract, keeping line and column', async () => {
    for (const code of SQL_ERROR_CODES) {
      const { app } = appThrowing(new SqlError(code, 'DuckDB says no', { line: 2, column: 7 }))
      const response = await app.request('/')
      const body = errorBodySchema.parse(await response.json())
      expect(API_ERROR_CODES).toContain(body.error.code)
      expect(body.error.code).not.toContain('_')
      expect(body.error).toMatchObject({ message: 'DuckDB says no', field: code === 'unknown_snapshot' ? 'asOf' : 'sql', line: 2, column: 7 })
      expect(response.status, code).toBe({ timeout: 408, busy: 503, sandbox_unavailable: 503, unknown_snapshot: 404 }[code as string] ?? 400)
    }
  })

  it('turns Hono’s own exceptions into the body, and hides and logs anything unexpected', async () => {
    const malformed = await appThrowing(new HTTPException(400, { message: 'Malformed JSON in request body' })).app.request('/')
    expect(await malformed.json()).toEqual({ error: { code: 'bad-request', message: 'Malformed JSON in request body', field: 'body' } })
    const { app, logger } = appThrowing(new TypeError('x is undefined'))
    const crashed = await app.request('/')
    expect(crashed.status).toBe(500)
    expect(await crashed.json()).toEqual({ error: { code: 'internal', message: 'internal error' } })
    expect(logger.error).toHaveBeenCalledOnce()
  })
})
