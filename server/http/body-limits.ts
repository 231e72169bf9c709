/**
 * How large a request body may be, per route. Every /api request passes one limit before any
 * route (or the sign-in check) runs, so a route without an entry here gets the small default
 * rather than none: a new route cannot be forgotten. Hono's bodyLimit answers 413 from
 * Content-Length before reading anything, and counts the bytes of a streamed body.
 */

/** Sign-in, tokens, users, job runs: small JSON documents (a password is at most 1,024 characters). */
export const SMALL_BODY_BYTES = 16 * 1024

/**
 * SQL requests: 100,000 characters of SQL, each at most 6 bytes as a JSON escape, plus
 * parameters — only bodies the schemas would refuse anyway are cut off unread.
 */
export const QUERY_BODY_BYTES = 1024 * 1024

/**
 * Notebooks: a notebook file (at most 500,000 characters, issue 13) imported as Markdown or
 * saved as a JSON string, where escapes may grow it — a notebook of SQL and JSON specs stays far
 * below this.
 */
export const NOTEBOOK_BODY_BYTES = 1024 * 1024

/** Boards: up to 60 tiles and 10 inputs of a few hundred bytes each, with room for escapes. */
export const BOARD_BODY_BYTES = 256 * 1024

/** What a body may be: JSON everywhere, a Markdown file where a route takes one (notebook import). */
export type BodyType = 'json' | 'markdown'

export interface BodyLimit {
  /** An exact path, or a prefix ending in `/*` (the prefix itself included). */
  path: string
  maxBytes: number
  /** Default `json`. */
  type?: BodyType
}

/** The routes whose bodies may be larger than the default, or not JSON; the first match wins. */
export const BODY_LIMITS: readonly BodyLimit[] = [
  { path: '/api/query', maxBytes: QUERY_BODY_BYTES },
  { path: '/api/sql', maxBytes: QUERY_BODY_BYTES },
  { path: '/api/v1/*', maxBytes: QUERY_BODY_BYTES },
  { path: '/api/notebooks/import', maxBytes: NOTEBOOK_BODY_BYTES, type: 'markdown' },
  { path: '/api/notebooks/*', maxBytes: NOTEBOOK_BODY_BYTES },
  { path: '/api/boards/*', maxBytes: BOARD_BODY_BYTES },
]

export function bodyLimitOf(path: string, limits: readonly BodyLimit[] = BODY_LIMITS): number {
  return limitOf(path, limits)?.maxBytes ?? SMALL_BODY_BYTES
}

export function bodyTypeOf(path: string, limits: readonly BodyLimit[] = BODY_LIMITS): BodyType {
  return limitOf(path, limits)?.type ?? 'json'
}

function limitOf(path: string, limits: readonly BodyLimit[]): BodyLimit | undefined {
  return limits.find((limit) => {
    const prefix = limit.path.endsWith('/*') ? limit.path.slice(0, -2) : undefined
    return prefix === undefined ? path === limit.path : path === prefix || path.startsWith(`${prefix}/`)
  })
}
