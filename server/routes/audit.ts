/** GET /api/admin/audit: the audit log, newest first, for admins; `before` pages back. */
import { Hono } from 'hono'
import { badRequest } from '../http/api-error.ts'
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
    if (!query.success) throw badRequest(query.error.issues[0]?.path.join('.') || 'query', query.error.issues[0]?.message ?? 'invalid')
    return c.json({ entries: await listAudit(db, query.data) })
  })
}
