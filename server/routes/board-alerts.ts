/**
 * GET /api/boards/{id}/tiles/{tile}/alerts: an `alerts` tile's list — the active alerts matching
 * the tile's options, the board's machine and line inputs (query parameters by name) filling in
 * what the tile leaves open (../boards/alert-tile.ts). Published versions for everyone who sees
 * boards, the draft (`draft=true`) for its editors, as for tile data. The tile stays live from
 * /api/stream/alerts; a kiosk link reads the same answer through its own route (./kiosk.ts).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { badRequest, notFound } from '../http/api-error.ts'
import { listAlerts } from '../alerts/alert-store.ts'
import { requireEditor } from '../boards/board-access.ts'
import { alertTileFilter, tileAlerts } from '../boards/alert-tile.ts'
import { boardIdParam, tileAlertsSchema, tileDataQuery, tileIdParam, type Board, type TileAlerts } from '../boards/board-schemas.ts'
import { draftSource, type PublishedSources } from '../boards/board-source.ts'
import { boardInputQuery } from '../boards/tile-inputs.ts'

export interface BoardAlertsRouteOptions {
  db: AppDb
  sources: PublishedSources
  clock?: () => Date
}

/** Alerts the store is asked for at most; a tile lists its most urgent (limit ≤ 100) of them. */
const ACTIVE_READ = 1000
const OWN_PARAMETERS = ['version', 'draft']

export const tileAlertsResponses = {
  200: { description: 'The tile’s active alerts', content: { 'application/json': { schema: tileAlertsSchema } } },
  ...errorResponses(400, 404),
}

const alertsRoute = createRoute({
  method: 'get',
  operationId: 'getTileAlerts',
  path: '/boards/{id}/tiles/{tile}/alerts',
  tags: ['boards'],
  summary: 'An alerts tile’s active alerts',
  description:
    'The pending and firing alerts matching the tile’s `alerts` options, most severe first, firing before pending, then newest; the board’s machine and line inputs come as query parameters by name. ' +
    'No acknowledging here: that is POST /api/alerts/{id}/ack, for engineers.',
  request: { params: z.object({ id: boardIdParam, tile: tileIdParam }), query: tileDataQuery.pick({ version: true, draft: true }) },
  responses: tileAlertsResponses,
})

export function boardAlertsRoute(options: BoardAlertsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(alertsRoute, async (c) => {
    const { id, tile } = c.req.valid('param')
    const query = c.req.valid('query')
    if (query.draft === 'true') requireEditor(requirePrincipal(c).role, 'see a draft')
    const source = query.draft === 'true' ? await draftSource(options.db, id) : await options.sources.get(id, query.version)
    return c.json(await answerTileAlerts(options, source.board, tile, boardInputQuery(c.req.query(), OWN_PARAMETERS)), 200)
  })
  return api
}

/** One alerts tile's list for a board (the kiosk passes no inputs: a TV shows the defaults). */
export async function answerTileAlerts(options: Pick<BoardAlertsRouteOptions, 'db' | 'clock'>, board: Board, tileId: string, given: Record<string, string>): Promise<TileAlerts> {
  const tile = board.tiles.find((candidate) => candidate.id === tileId)
  if (tile === undefined) throw notFound(`board ${board.id}${board.version === null ? '' : ` version ${board.version}`} has no tile ${tileId}`, 'tile')
  if (tile.alerts === undefined) throw badRequest('tile', `${tileId} is a ${tile.kind} tile, not an alerts tile: its data is at …/tiles/${tileId}/data`)
  const filter = alertTileFilter(tile.alerts, board.inputs, given)
  const active = await listAlerts(options.db, { state: 'active', limit: ACTIVE_READ, ...(filter.rule !== undefined && { ruleId: filter.rule }) })
  const { alerts, total } = tileAlerts(active, filter, tile.alerts.limit)
  return { board: board.id, version: board.version, tile: tile.id, alerts, total, filter, computedAt: (options.clock?.() ?? new Date()).toISOString() }
}

