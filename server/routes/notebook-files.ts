/**
 * The notebook as a file: POST /api/notebooks/import takes the Markdown file as the body
 * (`text/markdown`) and keeps its bytes; GET /api/notebooks/{id}/export gives the current
 * version's bytes back, so import then export is the identity and notebooks can live in git.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { badRequest } from '../http/api-error.ts'
import type { NotebookCheck } from '../notebooks/notebook-check.ts'
import { importedSchema, MAX_NOTEBOOK_CHARS, notebookIdParam } from '../notebooks/notebook-schemas.ts'
import { createNotebook, getNotebook } from '../notebooks/notebook-store.ts'

export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8'
const TAGS = ['notebooks']
const markdown = { 'text/markdown': { schema: z.string().openapi({ description: 'The notebook’s Markdown file (docs/notebooks.md).' }) } }

const importRoute = createRoute({
  method: 'post',
  operationId: 'importNotebook',
  path: '/notebooks/import',
  tags: TAGS,
  summary: 'Import a notebook file as a new notebook',
  description: 'The body is the file itself, `Content-Type: text/markdown` (UTF-8, at most 1 MiB). A file that does not parse is refused with 400 naming its `line` and the reason.',
  request: { body: { required: true, content: markdown } },
  responses: { 201: { description: 'The new notebook’s id and version', content: { 'application/json': { schema: importedSchema } } }, ...errorResponses(400) },
})

const exportRoute = createRoute({
  method: 'get',
  operationId: 'exportNotebook',
  path: '/notebooks/{id}/export',
  tags: TAGS,
  summary: 'The current version as its Markdown file, byte for byte as saved',
  request: { params: z.object({ id: notebookIdParam }) },
  responses: { 200: { description: 'The file', content: markdown }, ...errorResponses(400, 404) },
})

export function notebookFilesRoute(options: { db: AppDb; check: NotebookCheck; clock?: () => Date }): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(importRoute, async (c) => {
    const text = decodeUtf8(await c.req.arrayBuffer())
    if (text.length > MAX_NOTEBOOK_CHARS) throw badRequest('body', `a notebook file may be at most ${MAX_NOTEBOOK_CHARS} characters`)
    await options.check(text)
    const at = options.clock?.() ?? new Date()
    const actor = requirePrincipal(c).user.username
    const notebook = await createNotebook(options.db, { text, author: actor, at: at.toISOString() })
    await recordAudit(options.db, { action: 'notebook.import', actor, target: String(notebook.id), ip: c.get('clientIp'), detail: { title: notebook.title, version: notebook.version, chars: text.length } }, at)
    return c.json({ id: notebook.id, version: notebook.version }, 201)
  })
  api.openapi(exportRoute, async (c) => {
    const notebook = await getNotebook(options.db, c.req.valid('param').id)
    const filename = `${notebook.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || `notebook-${notebook.id}`}.md`
    return c.body(notebook.text, 200, { 'Content-Type': MARKDOWN_TYPE, 'Content-Disposition': `attachment; filename="${filename}"` }) as never
  })
  return api
}

/** The bytes as text, a byte-order mark kept (export must give back the same bytes). */
function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw badRequest('body', 'a notebook file must be UTF-8 text')
  }
}
