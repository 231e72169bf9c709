/**
 * The real Hono app over a real runtime (SQLite app database and catalog in a temporary data
 * dir), with one user per role, for tests that go through `app.request`. Test-only.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createScheduler, LiveHub } from '../../jobs/index.ts'
import { createApp } from '../../server/app.ts'
import { alertsRuntime, type AlertsRuntime } from '../../server/alerts/alerts-runtime.ts'
import { loadSettings } from '../../server/config/index.ts'
import { createLogger } from '../../server/logger.ts'
import { openRuntime, type Runtime } from '../../server/runtime.ts'
import { ROLES, type Role } from '../../server/auth/access-rules.ts'
import type { AuthEnv } from '../../server/auth/principal.ts'
import { SESSION_COOKIE } from '../../server/auth/session-cookie.ts'
import { createSession } from '../../server/auth/sessions.ts'
import { createUser, type User } from '../../server/auth/users.ts'

export const ORIGIN = 'http://cockpit.test'

export interface TestApp {
  app: Hono<AuthEnv>
  runtime: Runtime
  /** The alert engine, not started: tests feed it and tick it themselves. */
  alerts: AlertsRuntime
  users: Record<Role, User>
  password: (role: Role) => string
  /** A fresh session of the role's user, as a Cookie header value. */
  cookie(role: Role): Promise<string>
  /** `app.request` addressed to ORIGIN, with that Origin (as a browser sends it). */
  request(path: string, init?: RequestInit): Promise<Response>
  /** `request` with a fresh session of the role's user, and `body` (if any) sent as JSON. */
  requestAs(role: Role, path: string, method?: string, body?: unknown): Promise<Response>
  close(): Promise<void>
}

export async function openTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-auth-'))
  const logger = createLogger({ level: 'silent' })
  const runtime = await openRuntime(loadSettings({ COCKPIT_DATA_DIR: dataDir, COCKPIT_SIMULATOR: 'false', COCKPIT_PUBLIC_URL: ORIGIN, ...env }), logger, { engine: false })
  const scheduler = createScheduler([], logger)
  const hub = new LiveHub()
  const ok = async () => ({ status: 'ok' as const, message: 'ok' })
  const alerts = alertsRuntime(runtime, logger, { smtp: { url: runtime.settings.smtpUrl, from: runtime.settings.smtpFrom }, groupWaitMs: 100, firstRetryMs: 200 })
  const app = createApp({
    alerts,
    logger,
    runtime,
    scheduler,
    hub,
    metrics: async () => [],
    health: { version: 'test', mode: 'embedded', checks: { appDb: ok, catalog: ok, sensorSource: ok, mesSource: ok }, timeoutMs: 1000 },
  })
  const password = (role: Role): string => `password-of-${role}`
  const users = {} as Record<Role, User>
  for (const role of ROLES) users[role] = await createUser(runtime.appDb, { username: `${role}-1`, password: password(role), role })
  const cookie = async (role: Role): Promise<string> => `${SESSION_COOKIE}=${(await createSession(runtime.appDb, users[role].id)).token}`
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => app.request(`${ORIGIN}${path}`, { ...init, headers: { origin: ORIGIN, ...init.headers } })
  return {
    app,
    runtime,
    alerts,
    users,
    password,
    cookie,
    request,
    requestAs: async (role, path, method = 'GET', body) => {
      const headers: Record<string, string> = { cookie: await cookie(role) }
      if (body !== undefined) headers['content-type'] = 'application/json'
      return request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    },
    close: async () => {
      hub.stop()
      await scheduler.stop()
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
