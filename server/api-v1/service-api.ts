/**
 * The service API under /api/v1 for other systems (BI tools, ERPs, scripts): catalog tables,
 * their rows, the KPI tables and saved queries, as JSON, CSV, Parquet or Arrow. The OpenAPI 3.1
 * document is generated from the zod schemas that validate the requests, and served with a
 * rendered reference page. This is the one place the API's errors become responses.
 */
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { join } from 'node:path'
import type { Catalog } from '../../catalog/index.ts'
import type { Logger } from '../logger.ts'
import { ApiError, errorBody } from './api-error.ts'
import type { PageSource } from './catalog-page.ts'
import { docsPage } from './docs-page.ts'
import { kpisApi } from './kpis-api.ts'
import { tablesApi } from './tables-api.ts'
import { apiRouter } from './validation-hook.ts'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { SqlError, sqlErrorStatus } from '../sql/sql-errors.ts'
import type { SqlService } from '../sql/sql-service.ts'
import { queriesApi } from './queries-api.ts'

export const API_V1_BASE = '/api/v1'
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }]
/**
 * Request bodies of the API are small JSON documents; the limit is above the largest body the
 * schemas allow (100,000 characters of SQL, each at most 6 bytes as a JSON escape), so only
 * bodies the schemas would refuse anyway are cut off unread.
 */
export const MAX_BODY_BYTES = 1024 * 1024

export interface ServiceApiOptions {
  catalog: Catalog
  db: AppDb
  sql: SqlService
  plantTz: string
  dataDir: string
  version: string
  logger: Logger
}

export function serviceApi(options: ServiceApiOptions): OpenAPIHono<AuthEnv> {
  const pages: PageSource = {
    catalog: options.catalog,
    plantTz: options.plantTz,
    tempDir: join(options.dataDir, 'tmp', 'api-duckdb'),
    exportDir: join(options.dataDir, 'tmp', 'api-exports'),
  }
  const api = apiRouter()
  api.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(errorBody(new ApiError(413, 'too-large', `body: at most ${MAX_BODY_BYTES} bytes`, 'body')), 413) }))
  api.route('/', tablesApi({ catalog: options.catalog, pages }))
  api.route('/', kpisApi({ catalog: options.catalog, pages }))
  api.route('/', queriesApi({ db: options.db, catalog: options.catalog, sql: options.sql }))
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`Authorization: Bearer <token>`), created by an admin for a role.',
  })
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'session', description: 'The session cookie of a signed-in user.' })
  api.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Plant Cockpit service API',
      version: options.version,
      description: 'Processed plant data for other systems: catalog tables, KPIs and saved queries as JSON, CSV, Parquet or Arrow. See docs/service-api.md.',
    },
    servers: [{ url: new URL(c.req.url).origin + API_V1_BASE }],
    security: SECURITY,
  }))
  api.route('/docs', docsPage())
  api.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error), error.status)
    if (error instanceof SqlError) {
      const status = sqlErrorStatus(error.code)
      return c.json({ error: { code: error.code, message: error.message, field: 'sql', line: error.line, column: error.column } }, status)
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode
      return c.json(errorBody(new ApiError(status, status === 413 ? 'too-large' : 'bad-request', error.message, status === 400 ? 'body' : undefined)), status)
    }
    options.logger.error({ err: error, path: c.req.path }, 'service API request failed')
    return c.json(errorBody(new ApiError(500, 'internal', 'internal error')), 500)
  })
  return api
}
