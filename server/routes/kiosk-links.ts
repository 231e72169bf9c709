/**
 * /api/kiosk-links: admins make, list and revoke kiosk links (../boards/kiosk-links.ts). The
 * token is in the answer's `url` once; the server keeps only its hash.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { createdKioskLinkSchema, kioskLinkIdParam, kioskLinkListSchema, newKioskLinkSchema } from '../boards/board-schemas.ts'
import { createKioskLink, listKioskLinks, revokeKioskLink } from '../boards/kiosk-links.ts'

const TAGS = ['kiosk']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const createLinkRoute = createRoute({
  method: 'post',
  operationId: 'createKioskLink',
  path: '/kiosk-links',
  tags: TAGS,
  summary: 'Make a kiosk link for published boards (admins)',
  description: 'The answer’s `url` holds the token; it is shown once. The link opens only `/kiosk/<token>` and its boards’ published tiles, until it expires or is revoked.',
  request: { body: { required: true, content: json(newKioskLinkSchema) } },
  responses: { 201: { description: 'The link and its url', content: json(createdKioskLinkSchema) }, ...errorResponses(400) },
})

const listRoute = createRoute({
  method: 'get',
  operationId: 'listKioskLinks',
  path: '/kiosk-links',
  tags: TAGS,
  summary: 'The kiosk links (admins; never their tokens)',
  responses: { 200: { description: 'The links', content: json(kioskLinkListSchema) }, ...errorResponses() },
})

const revokeRoute = createRoute({
  method: 'delete',
  operationId: 'revokeKioskLink',
  path: '/kiosk-links/{id}',
  tags: TAGS,
  summary: 'Revoke a kiosk link: its token stops working at once',
  request: { params: z.object({ id: kioskLinkIdParam }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
})

export function kioskLinksRoute(options: { db: AppDb; publicOrigin: () => string | undefined; clock?: () => Date }): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const now = () => options.clock?.() ?? new Date()
  api.openapi(createLinkRoute, async (c) => {
    const principal = requirePrincipal(c)
    const at = now()
    const { token, link } = await createKioskLink(options.db, c.req.valid('json'), { author: principal.user.username, at })
    await recordAudit(options.db, { action: 'kiosk.create', actor: principal.user.username, target: link.id, ip: c.get('clientIp'), detail: { boards: link.boards, expiresAt: link.expiresAt } }, at)
    return c.json({ ...link, url: `${options.publicOrigin() ?? ''}/kiosk/${token}` }, 201)
  })
  api.openapi(listRoute, async (c) => c.json({ links: await listKioskLinks(options.db) }, 200))
  api.openapi(revokeRoute, async (c) => {
    const principal = requirePrincipal(c)
    const link = await revokeKioskLink(options.db, c.req.valid('param').id)
    await recordAudit(options.db, { action: 'kiosk.revoke', actor: principal.user.username, target: link.id, ip: c.get('clientIp') })
    return c.body(null, 204)
  })
  return api
}
