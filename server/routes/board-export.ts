/**
 * GET /api/boards/{id}/export?format=pdf|png: a published board rendered by headless Chromium
 * from the same page a kiosk shows. The server makes itself a kiosk link to that one board,
 * valid two minutes and revoked as soon as the render is done, and points Chromium at it on its
 * own listen address — so the export sees exactly what a viewer sees, with no session to lend.
 * One Chromium at a time: a render takes a core for seconds, and the machine has few.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { boardIdParam } from '../boards/board-schemas.ts'
import { getPublished } from '../boards/board-versions.ts'
import { createKioskLink, revokeKioskLink } from '../boards/kiosk-links.ts'
import { renderPage } from '../boards/page-render.ts'

export interface BoardExportOptions {
  db: AppDb
  chromium: string
  /** Where the server itself listens, e.g. http://127.0.0.1:8080. */
  selfOrigin: string
  tempDir: string
  /** Ids of the kiosk links made for renders: their event streams end at once (see ../boards/page-render.ts). */
  renderLinks: Set<string>
}

const MEDIA = { pdf: 'application/pdf', png: 'image/png' } as const
const binary = z.string().openapi({ format: 'binary' })

const exportRoute = createRoute({
  method: 'get',
  operationId: 'exportBoard',
  path: '/boards/{id}/export',
  tags: ['boards'],
  summary: 'A published board as PDF or PNG (headless Chromium)',
  description: '503 `unavailable` naming COCKPIT_CHROMIUM when no Chromium is installed there.',
  request: {
    params: z.object({ id: boardIdParam }),
    query: z.object({ format: z.enum(['pdf', 'png']).default('pdf'), version: z.coerce.number().int().min(1).optional() }),
  },
  responses: { 200: { description: 'The rendered board', content: { [MEDIA.pdf]: { schema: binary }, [MEDIA.png]: { schema: binary } } }, ...errorResponses(400, 404) },
})

export function boardExportRoute(options: BoardExportOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  let previous: Promise<unknown> = Promise.resolve()
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = previous.then(work, work)
    previous = next.catch(() => undefined)
    return next
  }
  api.openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { format, version } = c.req.valid('query')
    const { board } = await getPublished(options.db, id, version)
    const at = new Date()
    const { token, link } = await createKioskLink(options.db, { name: `export of board ${id}`, boards: [id], expiresAt: new Date(at.getTime() + 120_000).toISOString(), rotateSeconds: 3600 }, { author: requirePrincipal(c).user.username, at })
    options.renderLinks.add(link.id)
    try {
      const url = `${options.selfOrigin}/kiosk/${token}?board=${id}${version === undefined ? '' : `&version=${version}`}&export=1`
      const bytes = await oneAtATime(() => renderPage({ chromium: options.chromium, url, format, tempDir: options.tempDir }))
      const filename = `${board.title.replace(/[^\w.-]+/g, '-').slice(0, 80) || `board-${id}`}.${format}`
      return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'Content-Type': MEDIA[format], 'Content-Length': String(bytes.byteLength), 'Content-Disposition': `attachment; filename="${filename}"` } })
    } finally {
      options.renderLinks.delete(link.id)
      await revokeKioskLink(options.db, link.id)
    }
  })
  return api
}
