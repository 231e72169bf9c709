/**
 * The service API under /api/v1 for other systems (BI tools, ERPs, scripts): catalog tables,
 * their rows, the KPI tables and saved queries, as JSON, CSV, Parquet or Arrow. The OpenAPI 3.1
 * document is generated from the zod schemas that validate the requests, and served with a
 * rendered reference page. Its errors are answered by the cockpit's one error handler.
 */
import { join } from 'node:path'
import type { Catalog } from '../../catalog/index.ts'
import type { Logger } from '../logger.ts'
import type { PageSource } from './catalog-page.ts'
import { docsPage } from './docs-page.ts'
import { kpisApi } from './kpis-api.ts'
import { tablesApi } from './tables-api.ts'
import { apiRouter } from './validation-hook.ts'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { canonicalOrigin, type PublicOriginSettings } from '../auth/public-origin.ts'
import { SESSION_COOKIE } from '../auth/session-cookie.ts'
import { errorHandler } from '../http/error-handler.ts'
import type { SqlService } from '../sql/sql-service.ts'
import { queriesApi } from './queries-api.ts'

export const API_V1_BASE = '/api/v1'
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }]

export interface ServiceApiOptions {
  catalog: Catalog
  db: AppDb
  sql: SqlService
  plantTz: string
  dataDir: string
  version: string
  logger: Logger
  /** Where browsers and other systems reach the cockpit: the document's server. */
  origin: PublicOriginSettings
}

export function serviceApi(options: ServiceApiOptions): OpenAPIHono<AuthEnv> {
  const pages: PageSource = {
    catalog: options.catalog,
    plantTz: options.plantTz,
    tempDir: join(options.dataDir, 'tmp', 'api-duckdb'),
    exportDir: join(options.dataDir, 'tmp', 'api-exports'),
  }
  const api = apiRouter()
  // Request bodies are limited (1 MiB) in front of all of /api: ../http/body-limits.ts.
  api.route('/', tablesApi({ catalog: options.catalog, pages }))
  api.route('/', kpisApi({ catalog: options.catalog, pages, plantTz: options.plantTz }))
  api.route('/', queriesApi({ db: options.db, catalog: options.catalog, sql: options.sql }))
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`Authorization: Bearer <token>`), created by an admin for a role.',
  })
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie of a signed-in user (`POST /api/auth/login`).' })
  // The configured origin, never the request's Host header (which any client may set); without
  // one, a URL relative to the document.
  const server = `${canonicalOrigin(options.origin) ?? ''}${API_V1_BASE}`
  api.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'Plant Cockpit service API',
      version: options.version,
      description:
        'Processed plant data for other systems: catalog tables, KPIs and saved queries as JSON, CSV, Parquet or Arrow. See docs/service-api.md.\n\n' +
        'Every error, of every operation and status, is the `Error` body `{"error": {"code", "message", "field"?, "line"?, "column"?}}`: `code` is one of the kebab-case codes its schema lists, ' +
        '`field` the request field at fault (`body` for the body as a whole), `line`/`column` where DuckDB points in a query. 405 comes with `Allow`, 429 and a busy 503 with `Retry-After`. ' +
        'Request bodies are JSON (`Content-Type: application/json`, else 415) of at most 1 MiB (else 413, answered before the body is read).',
    },
    servers: [{ url: server }],
    security: SECURITY,
  }))
  api.route('/docs', docsPage())
  // The cockpit's one error handler: Hono runs a mounted app's own, so it is set here too.
  api.onError(errorHandler(options.logger))
  return api
}
