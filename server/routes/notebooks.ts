/**
 * /api/notebooks and /api/notebooks/{id}: list (search by title or owner), create, read, save
 * on a base version (409 naming the current version and its author when someone saved since;
 * nothing is written, the client keeps its text), delete (its owner or an admin). Create, save
 * and delete are in the audit log (`notebook.create`, `notebook.save` with the version,
 * `notebook.delete`); the versions are the record of what changed.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { ApiError } from '../http/api-error.ts'
import { listQuery, newNotebookSchema, notebookIdParam, notebookListSchema, notebookSchema, saveNotebookSchema } from '../notebooks/notebook-schemas.ts'
import { createNotebook, deleteNotebook, getNotebook, listNotebooks, saveNotebook } from '../notebooks/notebook-store.ts'
import type { NotebookCheck } from '../notebooks/notebook-check.ts'

export interface NotebooksRouteOptions {
  db: AppDb
  /** Refuses a file that does not parse (400 with its line). */
  check: NotebookCheck
  clock?: () => Date
}

const TAGS = ['notebooks']
const idParams = z.object({ id: notebookIdParam })
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listNotebooks',
  path: '/notebooks',
  tags: TAGS,
  summary: 'The notebooks, last edited first',
  request: { query: listQuery },
  responses: { 200: { description: 'The notebooks', content: json(notebookListSchema) }, ...errorResponses(400) },
})

const createNotebookRoute = createRoute({
  method: 'post',
  operationId: 'createNotebook',
  path: '/notebooks',
  tags: TAGS,
  summary: 'Create a notebook',
  request: { body: { required: true, content: json(newNotebookSchema) } },
  responses: { 201: { description: 'The notebook at version 1', content: json(notebookSchema) }, ...errorResponses(400) },
})

const getRoute = createRoute({
  method: 'get',
  operationId: 'getNotebook',
  path: '/notebooks/{id}',
  tags: TAGS,
  summary: 'A notebook: its current version’s file and who saved it',
  request: { params: idParams },
  responses: { 200: { description: 'The notebook', content: json(notebookSchema) }, ...errorResponses(400, 404) },
})

const saveRoute = createRoute({
  method: 'put',
  operationId: 'saveNotebook',
  path: '/notebooks/{id}',
  tags: TAGS,
  summary: 'Save a new version on top of `baseVersion`',
  description: 'When another version was saved since `baseVersion`, answers 409 `conflict` naming the current version and who saved it, and writes nothing: reload, apply the edits again, save on the new base.',
  request: { params: idParams, body: { required: true, content: json(saveNotebookSchema) } },
  responses: { 200: { description: 'The notebook at its new version', content: json(notebookSchema) }, ...errorResponses(400, 404, 409) },
})

const deleteRoute = createRoute({
  method: 'delete',
  operationId: 'deleteNotebook',
  path: '/notebooks/{id}',
  tags: TAGS,
  summary: 'Delete a notebook and its history (its owner or an admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404) },
})

export function notebooksRoute(options: NotebooksRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const clock = (): Date => options.clock?.() ?? new Date()

  api.openapi(listRoute, async (c) => c.json({ notebooks: await listNotebooks(options.db, c.req.valid('query').q) }, 200))

  api.openapi(createNotebookRoute, async (c) => {
    const body = c.req.valid('json')
    const text = body.text ?? `# ${body.title ?? 'Untitled notebook'}\n`
    await options.check(text)
    const at = clock()
    const actor = requirePrincipal(c).user.username
    const notebook = await createNotebook(options.db, { text, author: actor, at: at.toISOString() })
    await recordAudit(options.db, { action: 'notebook.create', actor, target: String(notebook.id), ip: c.get('clientIp'), detail: { title: notebook.title, version: notebook.version } }, at)
    return c.json(notebook, 201)
  })

  api.openapi(getRoute, async (c) => c.json(await getNotebook(options.db, c.req.valid('param').id), 200))

  api.openapi(saveRoute, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    await options.check(body.text)
    const at = clock()
    const actor = requirePrincipal(c).user.username
    const notebook = await saveNotebook(options.db, id, body.baseVersion, { text: body.text, author: actor, at: at.toISOString() })
    await recordAudit(options.db, { action: 'notebook.save', actor, target: String(id), ip: c.get('clientIp'), detail: { title: notebook.title, version: notebook.version } }, at)
    return c.json(notebook, 200)
  })

  api.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param')
    const principal = requirePrincipal(c)
    const notebook = await getNotebook(options.db, id)
    if (principal.role !== 'admin' && principal.user.username !== notebook.owner) throw new ApiError(403, 'forbidden', `only ${notebook.owner} or an admin may delete notebook ${id}`)
    await deleteNotebook(options.db, id)
    await recordAudit(options.db, { action: 'notebook.delete', actor: principal.user.username, target: String(id), ip: c.get('clientIp'), detail: { title: notebook.title, owner: notebook.owner, version: notebook.version } }, clock())
    return c.body(null, 204)
  })
  return api
}
