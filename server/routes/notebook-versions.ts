/**
 * /api/notebooks/{id}/versions: a notebook's history (who, when, what changed), one version's
 * file, and restoring one — saved again as the newest version, so restoring never loses what
 * came after it. A restore is in the audit log like any save.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { notebookIdParam, notebookSchema, versionFileSchema, versionListSchema, versionParam } from '../notebooks/notebook-schemas.ts'
import { getVersion, listVersions, restoreVersion } from '../notebooks/notebook-store.ts'

const TAGS = ['notebooks']

const listRoute = createRoute({
  method: 'get',
  operationId: 'listNotebookVersions',
  path: '/notebooks/{id}/versions',
  tags: TAGS,
  summary: 'A notebook’s versions, newest first: who saved each, when, and what changed',
  request: { params: z.object({ id: notebookIdParam }) },
  responses: { 200: { description: 'The versions', content: { 'application/json': { schema: versionListSchema } } }, ...errorResponses(400, 404) },
})

const getRoute = createRoute({
  method: 'get',
  operationId: 'getNotebookVersion',
  path: '/notebooks/{id}/versions/{version}',
  tags: TAGS,
  summary: 'One version: who saved it, when, what changed, and its file as saved',
  request: { params: z.object({ id: notebookIdParam, version: versionParam }) },
  responses: { 200: { description: 'The version and its file', content: { 'application/json': { schema: versionFileSchema } } }, ...errorResponses(400, 404) },
})

const restoreRoute = createRoute({
  method: 'post',
  operationId: 'restoreNotebookVersion',
  path: '/notebooks/{id}/versions/{version}/restore',
  tags: TAGS,
  summary: 'Make an old version current again',
  description: 'Saves that version’s file as a new version (`restored version n`); the versions after it stay in the history.',
  request: { params: z.object({ id: notebookIdParam, version: versionParam }) },
  responses: { 200: { description: 'The notebook at its new version', content: { 'application/json': { schema: notebookSchema } } }, ...errorResponses(400, 404, 409) },
})

export function notebookVersionsRoute(options: { db: AppDb; clock?: () => Date }): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(listRoute, async (c) => c.json({ versions: await listVersions(options.db, c.req.valid('param').id) }, 200))
  api.openapi(getRoute, async (c) => {
    const { id, version } = c.req.valid('param')
    return c.json(await getVersion(options.db, id, version), 200)
  })
  api.openapi(restoreRoute, async (c) => {
    const { id, version } = c.req.valid('param')
    const at = options.clock?.() ?? new Date()
    const actor = requirePrincipal(c).user.username
    const notebook = await restoreVersion(options.db, id, version, { author: actor, at: at.toISOString() })
    await recordAudit(options.db, { action: 'notebook.restore', actor, target: String(id), ip: c.get('clientIp'), detail: { title: notebook.title, restored: version, version: notebook.version } }, at)
    return c.json(notebook, 200)
  })
  return api
}
