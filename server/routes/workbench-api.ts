/**
 * The workbench API under /api that is described by an OpenAPI document of its own,
 * `GET /api/openapi.json` — the notebooks and the boards. /api/v1's document describes the service API
 * for other systems (its server is /api/v1); the notebooks are the workbench's resources, at
 * /api/notebooks as issue 13 names them, so they get this second document, built the same way
 * (@hono/zod-openapi, the same error answers and Error schema, the same validation hook).
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { canonicalOrigin, type PublicOriginSettings } from '../auth/public-origin.ts'
import { SESSION_COOKIE } from '../auth/session-cookie.ts'
import { errorHandler } from '../http/error-handler.ts'
import type { Logger } from '../logger.ts'
import type { NotebookCheck } from '../notebooks/notebook-check.ts'
import { notebookFilesRoute } from './notebook-files.ts'
import { notebookRunsRoute, type NotebookRunner } from './notebook-runs.ts'
import { notebookVersionsRoute } from './notebook-versions.ts'
import { notebooksRoute } from './notebooks.ts'
import type { BoardsRuntime } from '../boards/boards-runtime.ts'
import { boardAlertsRoute } from './board-alerts.ts'
import { boardExportRoute } from './board-export.ts'
import { boardTilesRoute } from './board-tiles.ts'
import { boardVersionsRoute } from './board-versions.ts'
import { boardsRoute } from './boards.ts'
import { kioskLinksRoute } from './kiosk-links.ts'
import { kioskRoute } from './kiosk.ts'
import { alertRulesRoute } from './alert-rules.ts'
import { alertBacktestsRoute } from './alert-backtests.ts'
import { alertsRoute } from './alerts.ts'
import { alertFiringsRoute } from './alert-firings.ts'
import { alertSilencesRoute } from './alert-silences.ts'
import { alertContactsRoute } from './alert-contacts.ts'
import type { AlertsRuntime } from '../alerts/alerts-runtime.ts'
import type { SqlService } from '../sql/sql-service.ts'
import type { Catalog } from '../../catalog/index.ts'

import type { Scheduler } from '../../jobs/index.ts'
import { jobsRoute } from './jobs.ts'

export const WORKBENCH_API_BASE = '/api'
const SECURITY: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }]

export interface WorkbenchApiOptions {
  db: AppDb
  check: NotebookCheck
  run: NotebookRunner
  version: string
  logger: Logger
  origin: PublicOriginSettings
  /** What the boards' routes need besides the app database (docs/boards.md). */
  boards: BoardsRuntime
  alerts: AlertsApiOptions
  /** The jobs' scheduler, for /api/jobs (./jobs.ts). */
  scheduler: Scheduler
}

/** What the alerts' routes need besides the app database (docs/alerts.md). */
export interface AlertsApiOptions {
  /** The SQL service backtests read the catalog through. */
  sql: SqlService
  catalog: Catalog
  runtime: AlertsRuntime
}

export function workbenchApi(options: WorkbenchApiOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  // Import before {id}: both are one segment under /notebooks (and /import is POST only, {id} has no POST).
  api.route('/', notebookFilesRoute({ db: options.db, check: options.check }))
  api.route('/', notebooksRoute({ db: options.db, check: options.check }))
  api.route('/', notebookVersionsRoute({ db: options.db }))
  api.route('/', notebookRunsRoute({ db: options.db, run: options.run }))
  const boards = options.boards
  api.route('/', boardsRoute({ db: options.db }))
  api.route('/', boardVersionsRoute({ db: options.db }))
  api.route('/', boardTilesRoute({ db: options.db, ...boards }))
  api.route('/', boardExportRoute({ db: options.db, ...boards }))
  api.route('/', kioskLinksRoute({ db: options.db, publicOrigin: () => canonicalOrigin(options.origin) }))
  api.route('/', boardAlertsRoute({ db: options.db, sources: boards.sources }))
  api.route('/', kioskRoute({ db: options.db, ...boards, alerts: options.alerts.runtime.bus }))
  api.route('/', alertRulesRoute({ db: options.db, onChange: options.alerts.runtime.rulesChanged }))
  api.route('/', alertSilencesRoute({ db: options.db, clock: options.alerts.runtime.clock }))
  api.route('/', alertContactsRoute({ db: options.db, outbox: options.alerts.runtime.outbox, clock: options.alerts.runtime.clock }))
  api.route('/', alertFiringsRoute({ db: options.db }))
  api.route('/', alertsRoute({ db: options.db, bus: options.alerts.runtime.bus, clock: options.alerts.runtime.clock }))
  api.route('/', jobsRoute({ db: options.db, scheduler: options.scheduler }))
  api.route('/', alertBacktestsRoute({ db: options.db, sql: options.alerts.sql, catalog: options.alerts.catalog }))
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie of a signed-in user (`POST /api/auth/login`).' })
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (`Authorization: Bearer <token>`).' })
  api.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'Plant Cockpit workbench API',
      version: options.version,
      description:
        'The workbench’s notebooks (files, versions, headless runs; analysts and engineers — docs/notebooks.md) and boards (drafts, published versions, tile data shared between viewers, exports, kiosk links; managers see published boards — docs/boards.md) and the jobs’ runs (admins). ' +
        'Every error is the `Error` body `{"error": {"code", "message", "field"?, "line"?, "column"?}}`. Request bodies are JSON (the import: `text/markdown`) of at most 1 MiB (else 413).',
    },
    servers: [{ url: `${canonicalOrigin(options.origin) ?? ''}${WORKBENCH_API_BASE}` }],
    security: SECURITY,
  }))
  api.onError(errorHandler(options.logger))
  return api
}
