/** POST /api/sql: one read-only query over the catalog through the sandboxed SQL service. */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import { SqlError } from '../sql/sql-errors.ts'
import { runSql, type SqlSandbox } from '../sql/sql-service.ts'

export const sqlRequest = z.object({
  sql: z.string().min(1, 'expected a SQL query').max(100_000, 'a query may be at most 100,000 characters'),
  asOf: z.number().int().min(0).optional(),
  maxRows: z.number().int().min(1).max(100_000).optional(),
})

export function sqlRoute(sandbox: SqlSandbox): Hono {
  return new Hono().post('/', async (c) => {
    const body = sqlRequest.safeParse(await c.req.json().catch(() => undefined))
    if (!body.success) {
      const issue = body.error.issues[0]
      throw new HTTPException(400, { message: issue === undefined || issue.path.length === 0 ? 'expected a JSON body { sql, asOf?, maxRows? }' : `invalid request: ${issue.path.join('.')}: ${issue.message}` })
    }
    try {
      return c.json(await runSql(sandbox, body.data))
    } catch (error) {
      if (!(error instanceof SqlError)) throw error
      return c.json({ error: error.message, kind: error.kind }, error.kind === 'timeout' ? 408 : 400)
    }
  })
}
