/**
 * /api/boards/{id}/publish and /api/boards/{id}/versions: publishing freezes the draft with the
 * notebook files its tiles read as the next version (what managers and kiosks see); the
 * versions list says who published what when; restoring makes a version's tiles the draft again.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { boardIdParam, boardSchema, boardVersionListSchema, boardVersionParam, publishResultSchema } from '../boards/board-schemas.ts'
import { listBoardVersions, publishBoard, restoreBoardVersion } from '../boards/board-versions.ts'

const TAGS = ['boards']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const publishRoute = createRoute({
  method: 'post',
  operationId: 'publishBoard',
  path: '/boards/{id}/publish',
  tags: TAGS,
  summary: 'Publish the draft as the next version',
  description: 'Freezes the tiles with the current file of every notebook they read: the published tiles run those cells until the next publish.',
  request: { params: z.object({ id: boardIdParam }) },
  responses: { 201: { description: 'The new version', content: json(publishResultSchema) }, ...errorResponses(400, 404) },
})

const listRoute = createRoute({
  method: 'get',
  operationId: 'listBoardVersions',
  path: '/boards/{id}/versions',
  tags: TAGS,
  summary: 'The published versions, newest first',
  request: { params: z.object({ id: boardIdParam }) },
  responses: { 200: { description: 'The versions', content: json(boardVersionListSchema) }, ...errorResponses(400, 404) },
})

const restoreRoute = createRoute({
  method: 'post',
  operationId: 'restoreBoardVersion',
  path: '/boards/{id}/versions/{version}/restore',
  tags: TAGS,
  summary: 'Make a published version’s title, inputs and tiles the draft again',
  description: 'Saves them as the draft’s next revision; publish to show them.',
  request: { params: z.object({ id: boardIdParam, version: boardVersionParam }) },
  responses: { 200: { description: 'The draft at its new revision', content: json(boardSchema) }, ...errorResponses(400, 404, 409) },
})

export function boardVersionsRoute(options: { db: AppDb; clock?: () => Date }): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const now = () => options.clock?.() ?? new Date()

  api.openapi(publishRoute, async (c) => {
    const { id } = c.req.valid('param')
    const principal = requirePrincipal(c)
    const at = now()
    const published = await publishBoard(options.db, id, { author: principal.user.username, at: at.toISOString() })
    await recordAudit(options.db, { action: 'board.publish', actor: principal.user.username, target: `board ${id}`, ip: c.get('clientIp'), detail: { version: published.version } }, at)
    return c.json(published, 201)
  })

  api.openapi(listRoute, async (c) => c.json({ versions: await listBoardVersions(options.db, c.req.valid('param').id) }, 200))

  api.openapi(restoreRoute, async (c) => {
    const { id, version } = c.req.valid('param')
    const author = requirePrincipal(c).user.username
    const board = await restoreBoardVersion(options.db, id, version, { author, at: now().toISOString() })
    await recordAudit(options.db, { action: 'board.restore', actor: author, target: `board ${id}`, ip: c.get('clientIp'), detail: { version, revision: board.revision } })
    return c.json(board, 200)
  })
  return api
}
