/**
 * GET /api/boards/{id}/tiles/{tile}/data: a tile's cell run on the server over the published
 * cells (shared between viewers), as JSON with what it read and when, or as CSV or Parquet.
 * Board inputs come as query parameters by name. Editors may run the draft (`draft=true`);
 * managers only published versions.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { MEDIA_TYPES } from '../api-v1/page-response.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { badRequest, notFound } from '../http/api-error.ts'
import { requireEditor } from '../boards/board-access.ts'
import { boardIdParam, tileDataQuery, tileDataSchema, tileIdParam, type TileData } from '../boards/board-schemas.ts'
import { draftSource, type PublishedSources } from '../boards/board-source.ts'
import type { TileService, TileSource } from '../boards/tile-data.ts'
import { tileCsv, tileExportError, tileParquet } from '../boards/tile-export.ts'
import { boardInputQuery } from '../boards/tile-inputs.ts'

export interface TileRouteOptions {
  db: AppDb
  tiles: TileService
  sources: PublishedSources
  tempDir: string
  plantTz: string
}

const OWN_PARAMETERS = ['format', 'version', 'draft', 'asOf']

const binary = z.string().openapi({ format: 'binary' })

export const tileDataResponses = {
  200: {
    description: 'The tile’s data (JSON), or its rows as CSV (header row, ISO timestamps) or Parquet',
    content: { 'application/json': { schema: tileDataSchema }, 'text/csv': { schema: z.string() }, [MEDIA_TYPES.parquet]: { schema: binary } },
  },
  ...errorResponses(400, 404, 408),
}

const dataRoute = createRoute({
  method: 'get',
  operationId: 'getTileData',
  path: '/boards/{id}/tiles/{tile}/data',
  tags: ['boards'],
  summary: 'Run a tile’s cell (shared between viewers) and answer its data',
  description:
    'Runs the published version’s cell (the latest, or `version`) through the SQL sandbox with the board inputs given as query parameters by name, as of the last commit to the tables it reads (or `asOf`). ' +
    'Viewers of the same version and inputs share one run per refresh. A cell error is `status: "error"` in JSON; as CSV or Parquet it is the error answer.',
  request: { params: z.object({ id: boardIdParam, tile: tileIdParam }), query: tileDataQuery },
  responses: tileDataResponses,
})

export function boardTilesRoute(options: TileRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(dataRoute, async (c) => {
    const { id, tile } = c.req.valid('param')
    const query = c.req.valid('query')
    if (query.draft === 'true') requireEditor(requirePrincipal(c).role, 'run a draft')
    const source = query.draft === 'true' ? await draftSource(options.db, id) : await options.sources.get(id, query.version)
    return answerTile(c, options, source, tile, { ...query, user: requirePrincipal(c).user.username })
  })
  return api
}

/** Runs one tile of a source and answers it in the format asked (the kiosk route answers the same way). */
export async function answerTile(c: Context, options: Pick<TileRouteOptions, 'tiles' | 'tempDir' | 'plantTz'>, source: TileSource, tileId: string, query: { format: 'json' | 'csv' | 'parquet'; asOf?: number; user?: string }): Promise<Response> {
  const tile = source.board.tiles.find((candidate) => candidate.id === tileId)
  if (tile === undefined) throw notFound(`board ${source.board.id}${source.board.version === null ? '' : ` version ${source.board.version}`} has no tile ${tileId}`, 'tile')
  if (tile.kind === 'alerts') throw badRequest('tile', `${tileId} is an alerts tile: it runs no cell; its list is at …/tiles/${tileId}/alerts`)
  const data = await options.tiles.tileData(source, tile, { inputs: boardInputQuery(c.req.query(), OWN_PARAMETERS), asOf: query.asOf, user: query.user, signal: c.req.raw.signal })
  if (query.format === 'json') return c.json(data, 200)
  return exportTile(data, query.format, options)
}

async function exportTile(data: TileData, format: 'csv' | 'parquet', options: Pick<TileRouteOptions, 'tempDir' | 'plantTz'>): Promise<Response> {
  if (data.status === 'error' || data.columns === undefined || data.rows === undefined) throw tileExportError(data)
  const filename = `board-${data.board}-${data.tile}`
  const headers = { 'X-Snapshot': String(data.snapshot), 'X-Row-Count': String(data.rows.length), 'X-Truncated': String(data.truncated === true) }
  const body = format === 'csv' ? new TextEncoder().encode(tileCsv(data.columns, data.rows)) : await tileParquet(data.columns, data.rows, options.tempDir, options.plantTz)
  return new Response(body as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { ...headers, 'Content-Type': MEDIA_TYPES[format], 'Content-Length': String(body.byteLength), 'Content-Disposition': `attachment; filename="${filename}.${format}"` },
  })
}
