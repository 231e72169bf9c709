/**
 * The gate for request bodies, in front of everything else under /api: a body over its route's
 * limit (./body-limits.ts) is answered 413 before a byte of it is read, and a body that is not
 * of another type 415 — every /api route that takes a body takes JSON (the notebook import a
 * Markdown file), and refusing other types keeps HTML forms and `text/plain` fetches (which a
 * browser sends cross-site without asking) out.
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError, answerError } from './api-error.ts'
import { bodyLimitOf, bodyTypeOf } from './body-limits.ts'

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i
// Not a type a browser may send cross-site without a preflight (the cockpit answers none), so it
// keeps forms out as JSON does.
const MARKDOWN_TYPE = /^text\/markdown\s*(?:;|$)/i
const TYPES = { json: { pattern: JSON_TYPE, name: 'application/json' }, markdown: { pattern: MARKDOWN_TYPE, name: 'text/markdown' } } as const

export function requestBodies(): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>()
  const limiter = (maxBytes: number): MiddlewareHandler => {
    let limit = limiters.get(maxBytes)
    if (limit === undefined) {
      const tooLarge = new ApiError(413, 'too-large', `body: at most ${maxBytes} bytes`, { field: 'body' })
      limit = bodyLimit({ maxSize: maxBytes, onError: (c) => answerError(c, tooLarge) })
      limiters.set(maxBytes, limit)
    }
    return limit
  }
  return async (c, next) => {
    const { headers } = c.req.raw
    const length = headers.get('content-length')
    const hasBody = headers.has('transfer-encoding') || (length !== null && length.trim() !== '0')
    if (!hasBody) return next()
    const maxBytes = bodyLimitOf(c.req.path)
    // The size first: a 50 MB form is refused for its size without looking further.
    if (length !== null && !headers.has('transfer-encoding') && Number.parseInt(length, 10) > maxBytes) return limiter(maxBytes)(c, next)
    const type = headers.get('content-type') ?? ''
    const expected = TYPES[bodyTypeOf(c.req.path)]
    if (!expected.pattern.test(type)) {
      return answerError(c, new ApiError(415, 'unsupported-media-type', `body: expected Content-Type: ${expected.name}, not ${type === '' ? 'none' : `'${type}'`}`, { field: 'body' }))
    }
    return limiter(maxBytes)(c, next)
  }
}
