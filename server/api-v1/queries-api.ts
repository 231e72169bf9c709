/**
 * /api/v1/queries: saved queries — named read-only SQL over the catalog that other systems
 * read as a resource. Saving one runs it once through the sandboxed SQL service (so it is
 * proved one read-only statement that binds), and its result runs through the service again.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { latestSnapshotId, type Catalog } from '../../catalog/index.ts'
import type { AppDb } from '../../db/index.ts'
import type { Context } from 'hono'
import type { AuthEnv } from '../auth/principal.ts'
import type { SqlService } from '../sql/sql-service.ts'
import { ApiError } from '../http/api-error.ts'
import { errorResponses } from './error-responses.ts'
import { decodeCursor } from './cursor.ts'
import { numbersWhereSafe } from './json-values.ts'
import { pagedSql } from './paged-sql.ts'
import { MEDIA_TYPES, bytesResponse, pageHeaders, pageLinks } from './page-response.ts'
import { pageHeadersDoc, rowsPageSchema } from './page-params.ts'
import { newSavedQuerySchema, queryIdParam, resultQuery, savedQueryListSchema, savedQuerySchema } from './query-schemas.ts'
import { createSavedQuery, deleteSavedQuery, getSavedQuery, listSavedQueries, type SavedQuery } from './saved-queries.ts'
import { apiRouter } from './validation-hook.ts'

export interface QueriesApiOptions {
  db: AppDb
  catalog: Catalog
  sql: SqlService
  clock?: () => Date
}

const idParams = z.object({ id: queryIdParam })

const listRoute = createRoute({
  method: 'get',
  operationId: 'listSavedQueries',
  path: '/queries',
  tags: ['saved queries'],
  summary: 'The saved queries',
  responses: { 200: { description: 'The saved queries', content: { 'application/json': { schema: savedQueryListSchema } } }, ...errorResponses(401, 403) },
})

const createQueryRoute = createRoute({
  method: 'post',
  operationId: 'createSavedQuery',
  path: '/queries',
  tags: ['saved queries'],
  summary: 'Save a query',
  description: 'The SQL must be one read-only statement over the catalog (SELECT, WITH, PIVOT, DESCRIBE, SUMMARIZE); it runs once through the SQL sandbox to prove it. Add an ORDER BY for stable pages.',
  request: { body: { required: true, content: { 'application/json': { schema: newSavedQuerySchema } } } },
  responses: {
    201: {
      description: 'The saved query',
      content: { 'application/json': { schema: savedQuerySchema } },
      links: Object.fromEntries(['getSavedQuery', 'getSavedQueryResult', 'deleteSavedQuery'].map((operationId) => [operationId, { operationId, parameters: { id: '$response.body#/id' } }])),
    },
    ...errorResponses(400, 408, 409),
  },
})

const getRoute = createRoute({
  method: 'get',
  operationId: 'getSavedQuery',
  path: '/queries/{id}',
  tags: ['saved queries'],
  summary: 'One saved query',
  request: { params: idParams },
  responses: { 200: { description: 'The saved query', content: { 'application/json': { schema: savedQuerySchema } } }, ...errorResponses(400, 401, 403, 404) },
})

const deleteRoute = createRoute({
  method: 'delete',
  operationId: 'deleteSavedQuery',
  path: '/queries/{id}',
  tags: ['saved queries'],
  summary: 'Delete a saved query (its author or an admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404) },
})

const resultRoute = createRoute({
  method: 'get',
  operationId: 'getSavedQueryResult',
  path: '/queries/{id}/result',
  tags: ['saved queries'],
  summary: 'A saved query’s result',
  description: 'Runs the saved query over the catalog (all pages read the snapshot of the first) and answers one page of its result.',
  request: { params: idParams, query: resultQuery },
  responses: {
    200: {
      description: 'One page of the result',
      headers: pageHeadersDoc,
      content: {
        'application/json': { schema: rowsPageSchema },
        'text/csv': { schema: z.string() },
        'application/vnd.apache.arrow.stream': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errorResponses(400, 404, 408),
  },
})

export function queriesApi(options: QueriesApiOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const clock = options.clock ?? (() => new Date())
  const withLinks = (query: SavedQuery) => ({ ...query, result: `/api/v1/queries/${query.id}/result` })

  api.openapi(listRoute, async (c) => c.json({ queries: (await listSavedQueries(options.db)).map(withLinks) }, 200))

  api.openapi(createQueryRoute, async (c) => {
    const body = c.req.valid('json')
    const probe = await options.sql.query({ sql: body.sql, format: 'json', limit: 1, ...sqlCaller(c) })
    const principal = c.get('principal')
    const saved = await createSavedQuery(options.db, { ...body, columns: probe.columns, createdBy: principal?.user.username ?? null, createdAt: clock().toISOString() })
    return c.json(withLinks(saved), 201)
  })

  api.openapi(getRoute, async (c) => c.json(withLinks(await getSavedQuery(options.db, c.req.valid('param').id)), 200))

  api.openapi(deleteRoute, async (c) => {
    const query = await getSavedQuery(options.db, c.req.valid('param').id)
    const principal = c.get('principal')
    if (principal !== undefined && principal.role !== 'admin' && principal.user.username !== query.createdBy) {
      throw new ApiError(403, 'forbidden', `only ${query.createdBy ?? 'an admin'} or an admin may delete saved query ${query.id}`)
    }
    await deleteSavedQuery(options.db, query.id)
    return c.body(null, 204)
  })

  api.openapi(resultRoute, async (c) => {
    const saved = await getSavedQuery(options.db, c.req.valid('param').id)
    const { format, limit, cursor: cursorText } = c.req.valid('query')
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText)
    const snapshot = cursor?.snapshot ?? (await latestSnapshotId(options.catalog))
    const offset = cursor?.offset ?? 0
    const output = await options.sql.query({ sql: pagedSql(saved.sql, offset), format, limit, asOf: snapshot, ...sqlCaller(c) })
    const page = { snapshot, offset, rowCount: output.rowCount, hasMore: output.truncated }
    const links = pageLinks(page, c.req.url)
    const headers = pageHeaders(page, links)
    if (format === 'arrow') return bytesResponse(output.arrow ?? new Uint8Array(), 'arrow', `query-${saved.id}`, headers) as never
    if (format === 'csv') return c.body(output.csv ?? '', 200, { ...headers, 'Content-Type': MEDIA_TYPES.csv }) as never
    const names = output.columns.map((column) => column.name)
    const rows = (output.rows ?? []).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])))
    return c.json({ columns: output.columns, rows: numbersWhereSafe(rows, output.columns), rowCount: output.rowCount, snapshot, truncated: output.truncated, ...links }, 200, headers)
  })
  return api
}

/** Who runs a query (the SQL service queues per user) and the signal that aborts when their client goes away. */
function sqlCaller(c: Context<AuthEnv>): { user?: string; signal: AbortSignal } {
  return { user: c.get('principal')?.user.username, signal: c.req.raw.signal }
}
