/**
 * /api/boards and /api/boards/{id}: list, create, read, save on a base revision (409 naming who
 * saved since; nothing written), delete (its owner or an admin). Managers list and read only
 * published boards: `GET /api/boards/{id}` answers them the latest published version, and
 * `?version=N` anyone a published version. Creating, saving and deleting are in the audit log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { recordAudit } from '../auth/audit.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { ApiError } from '../http/api-error.ts'
import { canEditBoards, currentNotebook, requireEditor } from '../boards/board-access.ts'
import { boardIdParam, boardListSchema, boardQuery, boardSchema, newBoardSchema, saveBoardSchema } from '../boards/board-schemas.ts'
import { createBoard, deleteBoard, getBoardRow, getDraft, listBoards, saveBoard } from '../boards/board-store.ts'
import { getPublished } from '../boards/board-versions.ts'
import { checkTiles } from '../boards/tile-cells.ts'

export interface BoardsRouteOptions {
  db: AppDb
  clock?: () => Date
}

const TAGS = ['boards']
const idParams = z.object({ id: boardIdParam })
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listBoards',
  path: '/boards',
  tags: TAGS,
  summary: 'The boards, last edited first (managers: the published ones)',
  responses: { 200: { description: 'The boards', content: json(boardListSchema) }, ...errorResponses() },
})

const createBoardRoute = createRoute({
  method: 'post',
  operationId: 'createBoard',
  path: '/boards',
  tags: TAGS,
  summary: 'Create a board (its draft at revision 1)',
  description: 'Every tile must name an existing notebook cell of the kind it shows (400 naming `tiles.<n>.cell` otherwise).',
  request: { body: { required: true, content: json(newBoardSchema) } },
  responses: { 201: { description: 'The board’s draft', content: json(boardSchema) }, ...errorResponses(400) },
})

const getRoute = createRoute({
  method: 'get',
  operationId: 'getBoard',
  path: '/boards/{id}',
  tags: TAGS,
  summary: 'A board: the draft, or a published version',
  description: 'Without `version`, analysts and engineers get the draft and managers the latest published version (404 if none).',
  request: { params: idParams, query: boardQuery },
  responses: { 200: { description: 'The board', content: json(boardSchema) }, ...errorResponses(400, 404) },
})

const saveRoute = createRoute({
  method: 'put',
  operationId: 'saveBoard',
  path: '/boards/{id}',
  tags: TAGS,
  summary: 'Save the draft on top of `baseRevision`',
  description: 'When another revision was saved since, answers 409 `conflict` naming who saved it and when, and writes nothing.',
  request: { params: idParams, body: { required: true, content: json(saveBoardSchema) } },
  responses: { 200: { description: 'The draft at its new revision', content: json(boardSchema) }, ...errorResponses(400, 404, 409) },
})

const deleteRoute = createRoute({
  method: 'delete',
  operationId: 'deleteBoard',
  path: '/boards/{id}',
  tags: TAGS,
  summary: 'Delete a board and its versions (its owner or an admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404) },
})

export function boardsRoute(options: BoardsRouteOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const now = (): string => (options.clock?.() ?? new Date()).toISOString()
  const check = (definition: Parameters<typeof checkTiles>[0]) => checkTiles(definition, (id) => currentNotebook(options.db, id))

  api.openapi(listRoute, async (c) => c.json({ boards: await listBoards(options.db, { publishedOnly: !canEditBoards(requirePrincipal(c).role) }) }, 200))

  api.openapi(createBoardRoute, async (c) => {
    const definition = c.req.valid('json')
    await check(definition)
    const author = requirePrincipal(c).user.username
    const board = await createBoard(options.db, { definition, author, at: now() })
    await recordAudit(options.db, { action: 'board.create', actor: author, target: `board ${board.id}`, ip: c.get('clientIp'), detail: { title: board.title } })
    return c.json(board, 201)
  })

  api.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { version } = c.req.valid('query')
    if (version === undefined && canEditBoards(requirePrincipal(c).role)) return c.json(await getDraft(options.db, id), 200)
    return c.json((await getPublished(options.db, id, version)).board, 200)
  })

  api.openapi(saveRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { baseRevision, ...definition } = c.req.valid('json')
    await check(definition)
    const author = requirePrincipal(c).user.username
    const board = await saveBoard(options.db, id, baseRevision, { definition, author, at: now() })
    await recordAudit(options.db, { action: 'board.save', actor: author, target: `board ${id}`, ip: c.get('clientIp'), detail: { revision: board.revision } })
    return c.json(board, 200)
  })

  api.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param')
    const principal = requirePrincipal(c)
    requireEditor(principal.role, 'delete boards')
    const board = await getBoardRow(options.db, id)
    if (principal.role !== 'admin' && principal.user.username !== board.owner) throw new ApiError(403, 'forbidden', `only ${board.owner} or an admin may delete board ${id}`)
    await deleteBoard(options.db, id)
    await recordAudit(options.db, { action: 'board.delete', actor: principal.user.username, target: `board ${id}`, ip: c.get('clientIp'), detail: { title: board.title } })
    return c.body(null, 204)
  })
  return api
}
