/**
 * /api/alerts/rules: list, create, read, save on a base version (409 naming who saved since;
 * nothing written), delete, and a rule's versions. A rule's JSON passes alerts/ checkRule before
 * anything is stored, so a bad threshold answers 400 naming the field. Enabling and disabling is
 * a save with `enabled`. Every change is in the audit log. Engineers write; analysts and
 * managers read (the access rules).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { alertRuleIdParam, alertRuleListSchema, alertRuleSchema, alertRuleVersionSchema, ruleSpecSchema, saveAlertRuleSchema } from '../alerts/alert-schemas.ts'
import { requireValidRule } from '../alerts/rule-check.ts'
import { createRule, deleteRule, getRule, listRules, ruleVersions, saveRule } from '../alerts/rule-store.ts'

export interface AlertRulesRouteOptions {
  db: AppDb
  clock?: () => Date
  /** Told after every change, so the engine reloads its rules. */
  onChange?: () => Promise<void>
}

const TAGS = ['alerts']
const idParams = z.object({ id: alertRuleIdParam })
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listAlertRules',
  path: '/alerts/rules',
  tags: TAGS,
  summary: 'The alert rules, by name',
  responses: { 200: { description: 'The rules', content: json(alertRuleListSchema) }, ...errorResponses() },
})

const createRuleRoute = createRoute({
  method: 'post',
  operationId: 'createAlertRule',
  path: '/alerts/rules',
  tags: TAGS,
  summary: 'Create a rule (version 1)',
  description: 'The body is a rule of docs/alerts.md; a bad one answers 400 naming the field (`value: expected number`).',
  request: { body: { required: true, content: json(ruleSpecSchema) } },
  responses: { 201: { description: 'The rule', content: json(alertRuleSchema) }, ...errorResponses(400) },
})

const getRoute = createRoute({
  method: 'get',
  operationId: 'getAlertRule',
  path: '/alerts/rules/{id}',
  tags: TAGS,
  summary: 'A rule',
  request: { params: idParams },
  responses: { 200: { description: 'The rule', content: json(alertRuleSchema) }, ...errorResponses(400, 404) },
})

const saveRoute = createRoute({
  method: 'put',
  operationId: 'saveAlertRule',
  path: '/alerts/rules/{id}',
  tags: TAGS,
  summary: 'Save a rule on top of `baseVersion` (also how it is enabled and disabled)',
  description: 'When another version was saved since, answers 409 `conflict` naming who saved it, and writes nothing. A bad rule answers 400 naming `rule.<field>`.',
  request: { params: idParams, body: { required: true, content: json(saveAlertRuleSchema) } },
  responses: { 200: { description: 'The rule at its new version', content: json(alertRuleSchema) }, ...errorResponses(400, 404, 409) },
})

const deleteRoute = createRoute({
  method: 'delete',
  operationId: 'deleteAlertRule',
  path: '/alerts/rules/{id}',
  tags: TAGS,
  summary: 'Delete a rule and its versions (its alerts’ history stays); built-in pipeline rules are disabled instead (409)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404, 409) },
})

const versionsRoute = createRoute({
  method: 'get',
  operationId: 'listAlertRuleVersions',
  path: '/alerts/rules/{id}/versions',
  tags: TAGS,
  summary: 'Every saved version of a rule, newest first',
  request: { params: idParams },
  responses: { 200: { description: 'The versions', content: json(z.object({ versions: z.array(alertRuleVersionSchema) }).openapi('AlertRuleVersionList')) }, ...errorResponses(400, 404) },
})

export function alertRulesRoute(options: AlertRulesRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const now = (): string => (options.clock?.() ?? new Date()).toISOString()
  const changed = async (): Promise<void> => options.onChange?.()

  api.openapi(listRoute, async (c) => c.json({ rules: await listRules(options.db) }, 200))

  api.openapi(createRuleRoute, async (c) => {
    const spec = c.req.valid('json')
    const rule = requireValidRule(spec)
    const author = requirePrincipal(c).user.username
    const stored = await createRule(options.db, { spec, rule, author, at: now() })
    await recordAudit(options.db, { action: 'alert-rule.create', actor: author, target: `alert rule ${stored.id}`, ip: c.get('clientIp'), detail: { name: stored.name, kind: stored.kind, enabled: stored.enabled } })
    await changed()
    return c.json(stored, 201)
  })

  api.openapi(getRoute, async (c) => c.json(await getRule(options.db, c.req.valid('param').id), 200))

  api.openapi(saveRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { rule: spec, baseVersion } = c.req.valid('json')
    const rule = requireValidRule(spec, 'rule')
    const author = requirePrincipal(c).user.username
    const stored = await saveRule(options.db, id, baseVersion, { spec, rule, author, at: now() })
    await recordAudit(options.db, { action: 'alert-rule.save', actor: author, target: `alert rule ${id}`, ip: c.get('clientIp'), detail: { version: stored.version, enabled: stored.enabled } })
    await changed()
    return c.json(stored, 200)
  })

  api.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param')
    const author = requirePrincipal(c).user.username
    const row = await deleteRule(options.db, id)
    await recordAudit(options.db, { action: 'alert-rule.delete', actor: author, target: `alert rule ${id}`, ip: c.get('clientIp'), detail: { name: row.name } })
    await changed()
    return c.body(null, 204)
  })

  api.openapi(versionsRoute, async (c) => c.json({ versions: await ruleVersions(options.db, c.req.valid('param').id) }, 200))
  return api
}
