/**
 * The error answers of the service API as the OpenAPI document describes them: every route
 * lists the statuses the gate and the limits in front of it may answer (401, 403, 405, 413, 415,
 * 429, 500, 503) besides its own, all with the one Error schema (../http/api-error.ts).
 */
import { errorBodySchema } from '../http/api-error.ts'

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: the field at fault is named',
  401: 'No valid session or bearer token',
  403: 'The role may not do this, or a browser request without this server’s Origin',
  404: 'No such resource',
  405: 'The path exists but not with this method; `Allow` lists the methods it has',
  408: 'The query ran past the time limit and was stopped',
  409: 'Conflicts with an existing resource',
  413: 'Request body too large',
  415: 'The body is not `Content-Type: application/json`',
  429: 'Too many requests; `Retry-After` says when to try again',
  500: 'An unexpected failure (logged by the server)',
  503: 'The server cannot answer now (SQL sandbox busy or unavailable, server stopping)',
}

/** Statuses any route can answer, whatever it does: the gate, the limits, the unexpected. */
const EVERY_ROUTE = [401, 403, 405, 413, 415, 429, 500, 503] as const

type ErrorContent = { description: string; content: { 'application/json': { schema: typeof errorBodySchema } } }

/** OpenAPI descriptions of the error answers a route may give: its own statuses and those of every route. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S | (typeof EVERY_ROUTE)[number], ErrorContent> {
  const all = [...new Set<number>([...statuses, ...EVERY_ROUTE])].sort()
  return Object.fromEntries(all.map((status) => [status, { description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } }])) as never
}
