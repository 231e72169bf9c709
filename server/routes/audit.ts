/** GET /api/admin/audit: the audit log, newest first, for admins; `before` pages back. */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppDb } from '../../db/index.ts'
import { listAudit } from '../auth/audit.ts'
import type { AuthEnv } from '../auth/principal.ts'

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
})

export function auditRoute(db: AppDb): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/', async (c) => {
    const query = auditQuery.safeParse(c.req.query())
    if (!query.success) throw new HTTPException(400, { message: `invalid query: ${query.error.issues[0]?.path.join('.')}: ${query.error.issues[0]?.message}` })
    return c.json({ entries: await listAudit(db, query.data) })
  })
}
