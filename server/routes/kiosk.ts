/**
 * What a kiosk link opens, and nothing more: `GET /api/kiosk/{token}` (its published boards),
 * `GET /api/kiosk/{token}/boards/{id}/tiles/{tile}/data` (their published tiles' shared data),
 * `GET /api/kiosk/{token}/catalog` (the `catalog` events that refresh them),
 * `GET /api/kiosk/{token}/sensors` (the live stream its live tiles draw), and for its alerts
 * tiles `GET /api/kiosk/{token}/boards/{id}/tiles/{tile}/alerts` (a tile's list, the board's
 * inputs at their defaults) and `GET /api/kiosk/{token}/alerts` (the alert events those tiles
 * show, and no others: a TV learns of no alert its boards do not list), and the firings of those
 * same alerts over a time range, `GET /api/kiosk/{token}/firings`, which its charts shade behind
 * their data. The access
 * rules mark these public because the token in the path is the credential: every request
 * checks it (unknown, revoked and expired answer the same 404, as for a page that is not there) and the board against the link's
 * list. The token is never a session or bearer token, so it opens no other route.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import type { AuthEnv } from '../auth/principal.ts'
import type { AlertBus } from '../alerts/alert-bus.ts'
import { firingSpanListSchema, firingSpanQuery, MAX_FIRING_SPANS } from '../alerts/alert-schemas.ts'
import { firingSpans } from '../alerts/firing-spans.ts'
import { boardAlertFilters, matchesAlertTile } from '../boards/alert-tile.ts'
import { ApiError, notFound } from '../http/api-error.ts'
import { boardIdParam, kioskTokenParam, kioskViewSchema, tileDataQuery, tileIdParam, type Board, type KioskLink } from '../boards/board-schemas.ts'
import type { PublishedSources } from '../boards/board-source.ts'
import { getPublished } from '../boards/board-versions.ts'
import type { CatalogWatch } from '../boards/catalog-watch.ts'
import { openKioskLink } from '../boards/kiosk-links.ts'
import type { TileService } from '../boards/tile-data.ts'
import { alertEvents } from './alert-stream.ts'
import { answerTileAlerts, tileAlertsResponses } from './board-alerts.ts'
import { answerTile, tileDataResponses } from './board-tiles.ts'
import { catalogEvents } from './catalog-stream.ts'
import { sensorFilter, type SensorEvents } from './stream.ts'

export interface KioskRouteOptions {
  db: AppDb
  tiles: TileService
  sources: PublishedSources
  watch: CatalogWatch
  tempDir: string
  plantTz: string
  /** Kiosk links made for a Chromium render: their event stream ends at once, so the capture is not held up. */
  renderLinks: ReadonlySet<string>
  /** The live sensor stream (./stream.ts), for the kiosk's live tiles. */
  sensors: SensorEvents
  /** Alert events, for the kiosk's alerts tiles. */
  alerts: AlertBus
  clock?: () => Date
}

const TAGS = ['kiosk']
const tokenParams = z.object({ token: kioskTokenParam })

const viewRoute = createRoute({
  method: 'get',
  operationId: 'openKiosk',
  path: '/kiosk/{token}',
  tags: TAGS,
  security: [],
  summary: 'The published boards a kiosk link shows, in rotation order',
  description: 'No sign-in: the token is the credential. 404 when it is unknown, revoked or expired. A board deleted since is left out.',
  request: { params: tokenParams },
  responses: { 200: { description: 'The boards', content: { 'application/json': { schema: kioskViewSchema } } }, ...errorResponses(400, 404) },
})

const tileRoute = createRoute({
  method: 'get',
  operationId: 'getKioskTileData',
  path: '/kiosk/{token}/boards/{id}/tiles/{tile}/data',
  tags: TAGS,
  security: [],
  summary: 'A tile of a kiosk link’s board (its latest published version)',
  request: { params: z.object({ token: kioskTokenParam, id: boardIdParam, tile: tileIdParam }), query: tileDataQuery.pick({ format: true, asOf: true }) },
  responses: tileDataResponses,
})

const catalogRoute = createRoute({
  method: 'get',
  operationId: 'kioskCatalogEvents',
  path: '/kiosk/{token}/catalog',
  tags: TAGS,
  security: [],
  summary: 'Server-sent `catalog` events for the kiosk’s tiles',
  request: { params: tokenParams },
  responses: { 200: { description: 'An event stream: `hello` {snapshot}, then `catalog` per commit', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(400, 404) },
})

const sensorsRoute = createRoute({
  method: 'get',
  operationId: 'kioskSensorEvents',
  path: '/kiosk/{token}/sensors',
  tags: TAGS,
  security: [],
  summary: 'The live sensor stream for the kiosk’s live tiles (as /api/stream/sensors)',
  request: { params: tokenParams, query: z.object({ machine: z.string().max(100).optional(), sensor: z.string().max(100).optional() }) },
  responses: { 200: { description: 'An event stream: `hello`, `live`, `window`, `overflow`', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(400, 404) },
})

const tileAlertsRoute = createRoute({
  method: 'get',
  operationId: 'getKioskTileAlerts',
  path: '/kiosk/{token}/boards/{id}/tiles/{tile}/alerts',
  tags: TAGS,
  security: [],
  summary: 'An alerts tile of a kiosk link’s board (its latest published version, inputs at their defaults)',
  request: { params: z.object({ token: kioskTokenParam, id: boardIdParam, tile: tileIdParam }) },
  responses: tileAlertsResponses,
})

const alertsRoute = createRoute({
  method: 'get',
  operationId: 'kioskAlertEvents',
  path: '/kiosk/{token}/alerts',
  tags: TAGS,
  security: [],
  summary: 'Server-sent alert events for the kiosk’s alerts tiles (as /api/stream/alerts, only alerts those tiles show)',
  request: { params: tokenParams },
  responses: { 200: { description: 'An event stream: `hello` {alerts}, then `alert` per transition or acknowledgement', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(400, 404) },
})

const firingsRoute = createRoute({
  method: 'get',
  operationId: 'listKioskFirings',
  path: '/kiosk/{token}/firings',
  tags: TAGS,
  security: [],
  summary: 'Firings over a time range for the kiosk’s charts (as /api/alerts/firings, only alerts its alerts tiles show)',
  description: 'The firings its live and chart tiles shade behind their data. Like the link’s alert stream, only firings of alerts that an alerts tile of its boards would list (inputs at their defaults): a board without an alerts tile shades none.',
  request: { params: tokenParams, query: firingSpanQuery },
  responses: { 200: { description: 'The firings', content: { 'application/json': { schema: firingSpanListSchema } } }, ...errorResponses(400, 404) },
})

export function kioskRoute(options: KioskRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const link = async (c: Context, token: string): Promise<KioskLink> => {
    const opened = await openKioskLink(options.db, token, options.clock?.())
    if (opened === undefined) throw notFound('no such kiosk link: unknown, revoked or expired', 'token')
    c.header('Cache-Control', 'no-store')
    c.header('Referrer-Policy', 'no-referrer')
    return opened
  }

  api.openapi(viewRoute, async (c) => {
    const opened = await link(c, c.req.valid('param').token)
    const boards = []
    for (const id of opened.boards) {
      const published = await getPublished(options.db, id).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      })
      if (published !== undefined) boards.push(published.board)
    }
    return c.json({ name: opened.name, rotateSeconds: opened.rotateSeconds, expiresAt: opened.expiresAt, boards }, 200)
  })

  api.openapi(tileRoute, async (c) => {
    const { token, id, tile } = c.req.valid('param')
    const opened = await link(c, token)
    if (!opened.boards.includes(id)) throw notFound(`this kiosk link shows no board ${id}`, 'id')
    return answerTile(c, options, await options.sources.get(id), tile, c.req.valid('query'))
  })

  api.openapi(tileAlertsRoute, async (c) => {
    const { token, id, tile } = c.req.valid('param')
    const opened = await link(c, token)
    if (!opened.boards.includes(id)) throw notFound(`this kiosk link shows no board ${id}`, 'id')
    return c.json(await answerTileAlerts(options, (await options.sources.get(id)).board, tile, {}), 200)
  })

  /** The link's boards as published now (a board deleted since is left out). */
  const linkBoards = async (opened: KioskLink): Promise<Board[]> => {
    const boards = []
    for (const id of opened.boards) {
      const source = await options.sources.get(id).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      })
      if (source !== undefined) boards.push(source.board)
    }
    return boards
  }

  api.openapi(alertsRoute, async (c) => {
    const opened = await link(c, c.req.valid('param').token)
    if (options.renderLinks.has(opened.id)) return c.body(': a render needs no events\n\n', 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    // A board published since is picked up when the page reconnects.
    const filters = boardAlertFilters(await linkBoards(opened))
    return alertEvents(c, { db: options.db, bus: options.alerts, accept: (alert) => filters.some((filter) => matchesAlertTile(alert, filter)) }) as never
  })

  api.openapi(firingsRoute, async (c) => {
    const opened = await link(c, c.req.valid('param').token)
    const query = c.req.valid('query')
    const filters = boardAlertFilters(await linkBoards(opened))
    if (filters.length === 0) return c.json({ firings: [], truncated: false }, 200)
    // Read as many as may be asked for, then keep the link's own: its `limit` counts those.
    const all = await firingSpans(options.db, { ...query, limit: MAX_FIRING_SPANS })
    const shown = all.firings.filter((firing) => filters.some((filter) => matchesAlertTile(firing, filter)))
    return c.json({ firings: shown.slice(-query.limit), truncated: all.truncated || shown.length > query.limit }, 200)
  })

  api.openapi(sensorsRoute, async (c) => {
    const opened = await link(c, c.req.valid('param').token)
    if (options.renderLinks.has(opened.id)) return c.body(': a render needs no events\n\n', 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    return options.sensors(c, sensorFilter(c)) as never
  })

  api.openapi(catalogRoute, async (c) => {
    const opened = await link(c, c.req.valid('param').token)
    if (options.renderLinks.has(opened.id)) return c.body(': a render needs no events\n\n', 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    return catalogEvents(c, options.watch) as never
  })
  return api
}
