/**
 * /api/alerts/silences: list (active ones, or all with `?all=true`), create (engineers: label
 * matchers, a span, a comment; the author is the caller), end (DELETE ends it now; the row stays
 * for the history). A silenced alert is still recorded; only notifications are held back.
 * Creating and ending are in the audit log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { newSilenceSchema, silenceIdParam, silenceListSchema, silenceSchema } from '../alerts/alert-schemas.ts'
import { createSilence, endSilence, listSilences } from '../alerts/silence-store.ts'
import { badRequest } from '../http/api-error.ts'

export interface AlertSilencesRouteOptions {
  db: AppDb
  clock: () => number
}

const TAGS = ['alerts']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listSilences',
  path: '/alerts/silences',
  tags: TAGS,
  summary: 'Silences not yet ended (all of them with `all=true`), newest first',
  request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
  responses: { 200: { description: 'The silences', content: json(silenceListSchema) }, ...errorResponses(400) },
})

const createSilenceRoute = createRoute({
  method: 'post',
  operationId: 'createSilence',
  path: '/alerts/silences',
  tags: TAGS,
  summary: 'Mute notifications of the alerts whose labels match, for a span',
  request: { body: { required: true, content: json(newSilenceSchema) } },
  responses: { 201: { description: 'The silence', content: json(silenceSchema) }, ...errorResponses(400) },
})

const endRoute = createRoute({
  method: 'delete',
  operationId: 'endSilence',
  path: '/alerts/silences/{id}',
  tags: TAGS,
  summary: 'End a silence now',
  request: { params: z.object({ id: silenceIdParam }) },
  responses: { 200: { description: 'The silence, ended', content: json(silenceSchema) }, ...errorResponses(400, 404) },
})

export function alertSilencesRoute(options: AlertSilencesRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()

  api.openapi(listRoute, async (c) => c.json({ silences: await listSilences(options.db, options.clock(), { all: c.req.valid('query').all === 'true' }) }, 200))

  api.openapi(createSilenceRoute, async (c) => {
    const body = c.req.valid('json')
    const now = options.clock()
    const startsAt = body.startsAt === undefined ? new Date(now).toISOString() : new Date(body.startsAt).toISOString()
    const endsAt = new Date(body.endsAt).toISOString()
    if (Date.parse(endsAt) <= Math.max(now, Date.parse(startsAt))) throw badRequest('endsAt', 'must be in the future and after startsAt')
    const author = requirePrincipal(c).user.username
    const silence = await createSilence(options.db, { matchers: body.matchers, startsAt, endsAt, author, comment: body.comment, at: new Date(now).toISOString() })
    await recordAudit(options.db, { action: 'alert-silence.create', actor: author, target: `silence ${silence.id}`, ip: c.get('clientIp'), detail: { matchers: body.matchers, endsAt } })
    return c.json(silence, 201)
  })

  api.openapi(endRoute, async (c) => {
    const { id } = c.req.valid('param')
    const silence = await endSilence(options.db, id, options.clock())
    await recordAudit(options.db, { action: 'alert-silence.end', actor: requirePrincipal(c).user.username, target: `silence ${id}`, ip: c.get('clientIp') })
    return c.json(silence, 200)
  })
  return api
}
