/**
 * GET /api/alerts/firings?from&to[&machine_id&sensor_id&line&ruleId]: the firings that overlap a
 * time range, for the charts that draw them as shaded spans over their data (the Live view, board
 * tiles). Read from the app database's alerts; everyone who may see alerts may read them.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { firingSpanListSchema, firingSpanQuery } from '../alerts/alert-schemas.ts'
import { firingSpans } from '../alerts/firing-spans.ts'

export interface AlertFiringsRouteOptions {
  db: AppDb
}

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const firingsRoute = createRoute({
  method: 'get',
  operationId: 'listAlertFirings',
  path: '/alerts/firings',
  tags: ['alerts'],
  summary: 'Firings that overlap a time range, for drawing over charts',
  description: 'Each firing from when it began firing to when it resolved (`end` null while it still fires). Label filters match the alert’s labels exactly. 400 names `from` or `to` when they are not ISO 8601 times or `to` is not after `from`.',
  request: { query: firingSpanQuery },
  responses: { 200: { description: 'The firings', content: json(firingSpanListSchema) }, ...errorResponses(400) },
})

export function alertFiringsRoute(options: AlertFiringsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(firingsRoute, async (c) => c.json(await firingSpans(options.db, c.req.valid('query')), 200))
  return api
}
