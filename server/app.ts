/**
 * The Hono application: API routes under /api, the web app everywhere else, and the one
 * place where errors become responses.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { LiveHub, Scheduler } from '../jobs/index.ts'
import { authorize } from './auth/authorize.ts'
import type { AuthEnv } from './auth/principal.ts'
import { API_V1_BASE, serviceApi } from './api-v1/service-api.ts'
import type { Logger } from './logger.ts'
import { catalogRoute } from './routes/catalog.ts'
import { healthRoute, type HealthRouteOptions } from './routes/health.ts'
import { jobsRoute } from './routes/jobs.ts'
import { metricsRoute } from './routes/metrics.ts'
import { queryRoute } from './routes/query.ts'
import { settingsRoute } from './routes/settings.ts'
import { streamRoute } from './routes/stream.ts'
import { auditRoute } from './routes/audit.ts'
import { authRoute } from './routes/auth.ts'
import { tokensRoute } from './routes/tokens.ts'
import { usersRoute } from './routes/users.ts'
import type { Runtime } from './runtime.ts'
import { mountWebApp } from './static.ts'

export interface AppOptions {
  logger: Logger
  health: HealthRouteOptions
  runtime: Runtime
  scheduler: Scheduler
  hub: LiveHub
  metrics: () => Promise<string[]>
  /** Folder of the built web app; omitted in API-only tests and in `npm run dev`. */
  webRoot?: string
}

export function createApp(options: AppOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  const { appDb: db, settings } = options.runtime
  // Deny by default: every /api request passes the access rules before any route sees it.
  app.use('/api/*', authorize({ db, trustProxy: settings.trustProxy }))
  app.route('/api/auth', authRoute({ db, trustProxy: settings.trustProxy }))
  app.route('/api/tokens', tokensRoute(db))
  app.route('/api/admin/users', usersRoute(db))
  app.route('/api/admin/audit', auditRoute(db))
  app.route('/api/health', healthRoute(options.health))
  app.route('/api/jobs', jobsRoute({ db: options.runtime.appDb, scheduler: options.scheduler }))
  app.route('/api/catalog', catalogRoute(options.runtime.catalog))
  app.route('/api/query', queryRoute(options.runtime.sqlSandbox))
  // The older name, kept for existing clients: the same handler.
  app.route('/api/sql', queryRoute(options.runtime.sqlSandbox))
  app.route('/api/stream', streamRoute(options.hub))
  app.route('/api/metrics', metricsRoute(options.metrics))
  app.route('/api/settings', settingsRoute({ version: options.health.version, mode: options.runtime.settings.mode, plantTz: options.runtime.settings.plantTz }))
  app.route(API_V1_BASE, serviceApi({ catalog: options.runtime.catalog, sql: options.runtime.sqlSandbox, db: options.runtime.appDb, plantTz: options.runtime.settings.plantTz, dataDir: options.runtime.settings.dataDir, version: options.health.version, logger: options.logger }))
  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404))
  if (options.webRoot !== undefined) mountWebApp(app, options.webRoot)

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status)
    options.logger.error({ err: error, path: c.req.path }, 'request failed')
    return c.json({ error: 'internal error' }, 500)
  })
  return app
}
