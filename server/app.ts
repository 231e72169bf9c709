/**
 * The Hono application: API routes under /api, the web app everywhere else, and the one
 * place where errors become responses (./http/error-handler.ts; the one error body is
 * ./http/api-error.ts).
 */
import { Hono } from 'hono'
import type { LiveHub, Scheduler } from '../jobs/index.ts'
import { authorize } from './auth/authorize.ts'
import { canonicalOrigin } from './auth/public-origin.ts'
import type { AuthEnv } from './auth/principal.ts'
import { API_V1_BASE, serviceApi } from './api-v1/service-api.ts'
import { ApiError } from './http/api-error.ts'
import { errorHandler } from './http/error-handler.ts'
import { requestBodies } from './http/request-body.ts'
import type { Logger } from './logger.ts'
import { catalogRoute } from './routes/catalog.ts'
import { healthRoute, type HealthRouteOptions } from './routes/health.ts'
import { metricsRoute } from './routes/metrics.ts'
import { queryRoute } from './routes/query.ts'
import { settingsRoute } from './routes/settings.ts'
import { sensorEvents, streamRoute } from './routes/stream.ts'
import { auditRoute } from './routes/audit.ts'
import { authRoute } from './routes/auth.ts'
import { tokensRoute } from './routes/tokens.ts'
import { usersRoute } from './routes/users.ts'
import { WORKBENCH_API_BASE, workbenchApi } from './routes/workbench-api.ts'
import { checkNotebookFile } from './notebooks/notebook-check.ts'
import { runtimeNotebookRunner } from './notebooks/notebook-runtime.ts'
import { boardsRuntime } from './boards/boards-runtime.ts'
import { tileCacheMetricLines } from './boards/tile-cache.ts'
import { catalogStreamRoute } from './routes/catalog-stream.ts'
import type { Runtime } from './runtime.ts'
import { mountWebApp } from './static.ts'
import { alertsRuntime, type AlertsRuntime } from './alerts/alerts-runtime.ts'
import { alertStreamRoute } from './routes/alert-stream.ts'

export interface AppOptions {
  logger: Logger
  health: HealthRouteOptions
  runtime: Runtime
  scheduler: Scheduler
  hub: LiveHub
  metrics: () => Promise<string[]>
  /** The alert engine and its timers (started by the server); API tests get one not started. */
  alerts?: AlertsRuntime
  /** Folder of the built web app; omitted in API-only tests and in `npm run dev`. */
  webRoot?: string
}

export function createApp(options: AppOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  const { appDb: db, settings } = options.runtime
  const origin = { publicUrl: settings.publicUrl, host: settings.host, port: settings.port, trustProxy: settings.trustProxy }
  if (canonicalOrigin(origin) === undefined && !settings.trustProxy) {
    // On all interfaces the cockpit has no one name: the Origin check falls back to each request's Host.
    options.logger.warn({ host: settings.host }, 'COCKPIT_PUBLIC_URL is not set: requests that change something are checked against the Host they name; set it to the URL browsers open (docs/security.md, CSRF)')
  }
  // Bounded bodies first: a 50 MB post is refused from its headers, before anything reads it.
  app.use('/api/*', requestBodies())
  // Deny by default: every /api request passes the access rules before any route sees it.
  app.use('/api/*', authorize({ db, trustProxy: settings.trustProxy, origin }))
  app.route('/api/auth', authRoute({ db, trustProxy: settings.trustProxy }))
  app.route('/api/tokens', tokensRoute(db))
  app.route('/api/admin/users', usersRoute(db))
  app.route('/api/admin/audit', auditRoute(db))
  app.route('/api/health', healthRoute(options.health))
  app.route('/api/catalog', catalogRoute(options.runtime.catalog))
  app.route('/api/query', queryRoute(options.runtime.sqlSandbox))
  // The older name, kept for existing clients: the same handler.
  app.route('/api/sql', queryRoute(options.runtime.sqlSandbox))
  const sensors = sensorEvents(options.hub)
  const boards = boardsRuntime(options.runtime, options.logger, sensors)
  app.route('/api/stream/catalog', catalogStreamRoute(boards.watch))
  app.route('/api/stream', streamRoute(sensors))
  const alerts = options.alerts ?? alertsRuntime(options.runtime, options.logger)
  app.route('/api/stream', alertStreamRoute({ db, bus: alerts.bus }))
  app.route('/api/metrics', metricsRoute(async () => [...(await options.metrics()), ...tileCacheMetricLines(boards.tiles.cache.stats())]))
  app.route('/api/settings', settingsRoute({ version: options.health.version, mode: options.runtime.settings.mode, plantTz: options.runtime.settings.plantTz }))
  app.route(API_V1_BASE, serviceApi({ catalog: options.runtime.catalog, sql: options.runtime.sqlSandbox, db: options.runtime.appDb, plantTz: options.runtime.settings.plantTz, dataDir: options.runtime.settings.dataDir, version: options.health.version, logger: options.logger, origin }))
  // Notebooks and boards, with their own OpenAPI document at /api/openapi.json (routes/workbench-api.ts).
  app.route(WORKBENCH_API_BASE, workbenchApi({ db, scheduler: options.scheduler, check: checkNotebookFile, run: runtimeNotebookRunner(options.runtime), version: options.health.version, logger: options.logger, origin, boards, alerts: { sql: options.runtime.sqlSandbox, catalog: options.runtime.catalog, runtime: alerts } }))
  app.all('/api/*', (c) => {
    throw new ApiError(404, 'not-found', `no such endpoint: ${c.req.method} ${c.req.path}`)
  })
  if (options.webRoot !== undefined) mountWebApp(app, options.webRoot)

  app.onError(errorHandler(options.logger))
  return app
}
