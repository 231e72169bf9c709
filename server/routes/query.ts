/**
 * POST /api/query (and its older name POST /api/sql): one read-only statement over the catalog
 * through the sandboxed SQL service, answered as JSON, CSV or an Arrow IPC stream. Errors are
 * `{error: {code, message, line?, column?}}` — DuckDB's message, never a stack trace.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { SqlError, sqlErrorStatus, type SqlErrorBody } from '../sql/sql-errors.ts'
import type { SqlOutput, SqlService } from '../sql/sql-service.ts'
import { RESULT_FORMATS, sqlParams } from '../sql/worker-protocol.ts'

export const queryRequest = z.strictObject({
  sql: z.string().min(1, 'expected a SQL query').max(100_000, 'a query may be at most 100,000 characters'),
  params: sqlParams.optional(),
  format: z.enum(RESULT_FORMATS).optional(),
  limit: z.number().int().min(0).optional(),
  /** The older name of `limit` (the web app and /api/sql clients send it). */
  maxRows: z.number().int().min(0).optional(),
  asOf: z.number().int().min(0).optional(),
})
export type QueryRequest = z.infer<typeof queryRequest>

export function queryRoute(service: SqlService): Hono {
  return new Hono().post('/', async (c) => {
    const body = queryRequest.safeParse(await c.req.json().catch(() => undefined))
    if (!body.success) return c.json({ error: requestError(body.error) }, 400)
    const { maxRows, limit, ...query } = body.data
    try {
      return respond(c, await service.query({ ...query, limit: limit ?? maxRows }))
    } catch (error) {
      if (!(error instanceof SqlError)) throw error
      return c.json({ error: error.toBody() }, sqlErrorStatus(error.code))
    }
  })
}

function respond(c: Context, output: SqlOutput): Response {
  const headers = {
    'x-row-count': String(output.rowCount),
    'x-truncated': String(output.truncated),
    'x-elapsed-ms': String(output.elapsedMs),
  }
  if (output.arrow !== undefined) return c.body(output.arrow as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-type': 'application/vnd.apache.arrow.stream' })
  if (output.csv !== undefined) return c.body(output.csv, 200, { ...headers, 'content-type': 'text/csv; charset=utf-8; header=present' })
  return c.json({ columns: output.columns, rows: output.rows ?? [], truncated: output.truncated, elapsedMs: output.elapsedMs }, 200, headers)
}

function requestError(error: z.ZodError): SqlErrorBody {
  const issue = error.issues[0]
  const message = issue === undefined || issue.path.length === 0 ? 'expected a JSON body { sql, params?, format?, limit?, asOf? }' : `invalid request: ${issue.path.join('.')}: ${issue.message}`
  return { code: 'invalid_request', message }
}
