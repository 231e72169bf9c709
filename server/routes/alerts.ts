/**
 * GET /api/alerts?state=… (pending, firing, resolved, or active = pending or firing) and
 * POST /api/alerts/{id}/ack {comment}: engineers acknowledge a pending or firing alert with what
 * they are doing about it (a resolved one is 409); the acknowledgement is an event like a
 * transition (app database, alerts.events, the stream) and in the audit log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import type { AlertBus } from '../alerts/alert-bus.ts'
import { ackRequestSchema, alertIdParam, alertListQuery, alertListSchema, alertSchema } from '../alerts/alert-schemas.ts'
import { acknowledge, listAlerts } from '../alerts/alert-store.ts'

export interface AlertsRouteOptions {
  db: AppDb
  bus: AlertBus
  clock: () => number
}

const TAGS = ['alerts']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listAlerts',
  path: '/alerts',
  tags: TAGS,
  summary: 'Alerts, last changed first',
  request: { query: alertListQuery },
  responses: { 200: { description: 'The alerts', content: json(alertListSchema) }, ...errorResponses(400) },
})

const ackRoute = createRoute({
  method: 'post',
  operationId: 'acknowledgeAlert',
  path: '/alerts/{id}/ack',
  tags: TAGS,
  summary: 'Acknowledge a pending or firing alert, saying what is being done',
  request: { params: z.object({ id: alertIdParam }), body: { required: true, content: json(ackRequestSchema) } },
  responses: { 200: { description: 'The alert, acknowledged', content: json(alertSchema) }, ...errorResponses(400, 404, 409) },
})

export function alertsRoute(options: AlertsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()

  api.openapi(listRoute, async (c) => c.json({ alerts: await listAlerts(options.db, c.req.valid('query')) }, 200))

  api.openapi(ackRoute, async (c) => {
    const { id } = c.req.valid('param')
    const by = requirePrincipal(c).user.username
    const { alert, event } = await acknowledge(options.db, id, { by, comment: c.req.valid('json').comment, at: options.clock() })
    await recordAudit(options.db, { action: 'alert.ack', actor: by, target: `alert ${id}`, ip: c.get('clientIp'), detail: { rule: alert.ruleName, key: alert.key } })
    options.bus.publish(event)
    return c.json(alert, 200)
  })
  return api
}
