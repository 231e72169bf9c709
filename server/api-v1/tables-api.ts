/**
 * /api/v1/tables: the catalog's tables with schemas, lineage and quality, one table's detail,
 * and its rows — filtered by time range and machine, paged with a cursor, as JSON, CSV,
 * Parquet or Arrow.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Catalog } from '../../catalog/index.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { errorResponses } from './error-responses.ts'
import { apiRouter } from './validation-hook.ts'
import type { PageSource } from './catalog-page.ts'
import { decodeCursor } from './cursor.ts'
import { answerPage } from './page-answer.ts'
import { pageHeadersDoc, pageParams, rowsContent } from './page-params.ts'
import { tableFilters, timeColumnOf } from './table-filters.ts'
import { listTableSummaries, requireTable, tableDetail } from './table-listing.ts'
import { tableDetailSchema, tableListSchema, tableNameParam } from './table-schemas.ts'

export interface TablesApiOptions {
  catalog: Catalog
  pages: PageSource
}

const instant = z.iso
  .datetime({ offset: true })
  .optional()

const rowsQuery = z.object({
  from: instant.openapi({ description: 'Rows whose time column is at or after this instant (ISO 8601 with Z or an offset).', example: '2026-11-20T00:00:00Z' }),
  to: instant.openapi({ description: 'Rows whose time column is before this instant.', example: '2026-11-21T00:00:00Z' }),
  machine: z.string().min(1).max(100).optional().openapi({ description: 'Only rows of this machine_id.', example: 'M1' }),
  ...pageParams,
})

const listRoute = createRoute({
  method: 'get',
  operationId: 'listTables',
  path: '/tables',
  tags: ['tables'],
  summary: 'The catalog tables',
  description: 'Every catalog table with its columns, key, figures, and summaries of its lineage and data-quality checks.',
  responses: { 200: { description: 'The tables', content: { 'application/json': { schema: tableListSchema } } }, ...errorResponses(401, 403) },
})

const detailRoute = createRoute({
  method: 'get',
  operationId: 'getTable',
  path: '/tables/{name}',
  tags: ['tables'],
  summary: 'One catalog table',
  request: { params: z.object({ name: tableNameParam }) },
  responses: { 200: { description: 'The table', content: { 'application/json': { schema: tableDetailSchema } } }, ...errorResponses(400, 401, 403, 404) },
})

const rowsRoute = createRoute({
  method: 'get',
  operationId: 'getTableRows',
  path: '/tables/{name}/rows',
  tags: ['tables'],
  summary: 'A table’s rows',
  description:
    'Rows ordered by the time column, then the key, then every other column; `from`/`to` filter the time column, `machine` the machine_id. ' +
    'A page holds at most `limit` rows; when more follow, the answer says so (`truncated`, `X-Truncated`) and carries the cursor of the next page. ' +
    'All pages of a listing read the catalog snapshot of its first page.',
  request: { params: z.object({ name: tableNameParam }), query: rowsQuery },
  responses: { 200: { description: 'One page of rows', headers: pageHeadersDoc, content: rowsContent }, ...errorResponses(400, 401, 403, 404) },
})

export function tablesApi(options: TablesApiOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  api.openapi(listRoute, async (c) => c.json({ tables: await listTableSummaries(options.catalog) }, 200))
  api.openapi(detailRoute, async (c) => c.json(await tableDetail(options.catalog, c.req.valid('param').name), 200))
  api.openapi(rowsRoute, async (c) => {
    const { name } = c.req.valid('param')
    const query = c.req.valid('query')
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
    const table = await requireTable(options.catalog, name)
    const filters = tableFilters(table, query)
    const orderFirst = [timeColumnOf(table.columns), ...(table.key ?? [])].filter((column) => column !== undefined)
    return answerPage(c, options.pages, { table, filters, orderFirst, cursor, limit: query.limit, format: query.format }, table.name) as never
  })
  return api
}
