/**
 * Backtests: POST /api/alerts/rules/{id}/backtest {from, to} (a stored rule as saved, enabled or
 * not) and POST /api/alerts/backtest {rule, from, to} (an unsaved rule from the editor). Both read
 * the catalog through the SQL service as the caller (their queue, their time limit) and fold it
 * through alerts/ backtest: the firings, firings per day and the data thinned for the chart.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import type { AppDb } from '../../db/index.ts'
import { alertRuleIdParam, backtestRangeSchema, backtestRequestSchema, backtestResultSchema } from '../alerts/alert-schemas.ts'
import { runBacktest } from '../alerts/backtest-run.ts'
import { requireValidRule } from '../alerts/rule-check.ts'
import { getRuleRow } from '../alerts/rule-store.ts'
import type { SqlService } from '../sql/sql-service.ts'
import type { Catalog } from '../../catalog/index.ts'

export interface AlertBacktestsRouteOptions {
  db: AppDb
  sql: SqlService
  catalog: Catalog
}

const TAGS = ['alerts']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })
const DESCRIPTION = 'Reads `sensors.readings` or `sensors.windows_1m` for the range (and the warm-up the rule needs before it: a deviation’s baseline, a rate’s or flatline’s span) and evaluates the rule as the live engine would; stale rules get a clock tick each minute. A SQL rule runs its query once, at `to`. 400 names `to` for a range over 31 days or over the SQL service’s row limit.'

const storedRoute = createRoute({
  method: 'post',
  operationId: 'backtestAlertRule',
  path: '/alerts/rules/{id}/backtest',
  tags: TAGS,
  summary: 'When a stored rule would have fired over a past range',
  description: DESCRIPTION,
  request: { params: z.object({ id: alertRuleIdParam }), body: { required: true, content: json(backtestRangeSchema) } },
  responses: { 200: { description: 'The firings and the data', content: json(backtestResultSchema) }, ...errorResponses(400, 404, 408) },
})

const unsavedRoute = createRoute({
  method: 'post',
  operationId: 'backtestUnsavedAlertRule',
  path: '/alerts/backtest',
  tags: TAGS,
  summary: 'When an unsaved rule would have fired over a past range',
  description: `${DESCRIPTION} A bad rule answers 400 naming \`rule.<field>\`.`,
  request: { body: { required: true, content: json(backtestRequestSchema) } },
  responses: { 200: { description: 'The firings and the data', content: json(backtestResultSchema) }, ...errorResponses(400, 408) },
})

export function alertBacktestsRoute(options: AlertBacktestsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const read = (user: string, signal: AbortSignal) => ({ sql: options.sql, catalog: options.catalog, user, signal })

  api.openapi(storedRoute, async (c) => {
    const row = await getRuleRow(options.db, c.req.valid('param').id)
    // Enabled or not: a backtest is how a rule is tried before it is enabled.
    const rule = { ...requireValidRule(JSON.parse(row.spec), 'rule'), enabled: true }
    return c.json(await runBacktest(read(requirePrincipal(c).user.username, c.req.raw.signal), rule, c.req.valid('json')), 200)
  })

  api.openapi(unsavedRoute, async (c) => {
    const { rule: spec, ...range } = c.req.valid('json')
    const rule = { ...requireValidRule(spec, 'rule'), enabled: true }
    return c.json(await runBacktest(read(requirePrincipal(c).user.username, c.req.raw.signal), rule, range), 200)
  })
  return api
}
