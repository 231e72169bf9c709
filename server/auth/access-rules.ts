/**
 * Who may call which API route. Every route under /api must have a rule here: a request whose
 * route has no rule is denied (deny by default), and a test walks the app's routes to prove
 * that each one is covered (server/auth/authorization.test.ts). Admins may do everything, so
 * they are implied in every role list. Enforced by the one middleware in authorize.ts; see
 * docs/security.md.
 *
 * Roles (issue 5): analyst — notebooks, SQL, boards (create, publish); manager — views
 * published boards and alerts; engineer — an analyst's rights plus alert rules and acknowledging
 * alerts; admin — users, jobs, settings, everything.
 */
import { z } from 'zod'

export const roleSchema = z.enum(['analyst', 'manager', 'engineer', 'admin'])
export type Role = z.infer<typeof roleSchema>
export const ROLES = roleSchema.options

/** `public` needs no login; `signed-in` any role; otherwise the roles listed (and admin). */
export type Access = 'public' | 'signed-in' | readonly Role[]

export interface AccessRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** A Hono path pattern, as the route is mounted (`/api/jobs/:name/run`). */
  path: string
  access: Access
}

const READERS_OF_DATA = ['analyst', 'engineer'] as const
const EVERYONE = 'signed-in'
const KPI_READERS = ['analyst', 'engineer', 'manager'] as const
const NOTEBOOK_USERS = ['analyst', 'engineer'] as const
const BOARD_EDITORS = ['analyst', 'engineer'] as const
const BOARD_VIEWERS = ['analyst', 'engineer', 'manager'] as const
const ALERT_EDITORS = ['engineer'] as const
const ALERT_VIEWERS = ['analyst', 'engineer', 'manager'] as const

export const accessRules: readonly AccessRule[] = [
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'GET', path: '/api/settings', access: 'public' },
  { method: 'GET', path: '/api/metrics', access: ['admin'] },
  { method: 'GET', path: '/api/jobs', access: ['admin'] },
  { method: 'POST', path: '/api/jobs/:name/run', access: ['admin'] },
  { method: 'GET', path: '/api/catalog/tables', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/catalog/tables/:name', access: READERS_OF_DATA },
  { method: 'POST', path: '/api/query', access: READERS_OF_DATA },
  { method: 'POST', path: '/api/sql', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/stream/sensors', access: EVERYONE },
  { method: 'POST', path: '/api/auth/login', access: 'public' },
  // Public so that a stale cookie can always be cleared; it ends a session only if there is one.
  { method: 'POST', path: '/api/auth/logout', access: 'public' },
  { method: 'POST', path: '/api/auth/logout-all', access: EVERYONE },
  { method: 'GET', path: '/api/auth/me', access: EVERYONE },
  { method: 'GET', path: '/api/tokens', access: EVERYONE },
  { method: 'POST', path: '/api/tokens', access: EVERYONE },
  { method: 'DELETE', path: '/api/tokens/:id', access: EVERYONE },
  { method: 'GET', path: '/api/admin/users', access: ['admin'] },
  { method: 'POST', path: '/api/admin/users', access: ['admin'] },
  { method: 'PATCH', path: '/api/admin/users/:username', access: ['admin'] },
  { method: 'DELETE', path: '/api/admin/users/:username', access: ['admin'] },
  { method: 'GET', path: '/api/admin/audit', access: ['admin'] },
  // Notebooks (issue 13, docs/notebooks.md): analysts and engineers write and run them;
  // managers see boards built from them, never the notebooks themselves.
  { method: 'GET', path: '/api/openapi.json', access: 'public' },
  { method: 'GET', path: '/api/notebooks', access: NOTEBOOK_USERS },
  { method: 'POST', path: '/api/notebooks', access: NOTEBOOK_USERS },
  { method: 'POST', path: '/api/notebooks/import', access: NOTEBOOK_USERS },
  { method: 'GET', path: '/api/notebooks/:id', access: NOTEBOOK_USERS },
  { method: 'PUT', path: '/api/notebooks/:id', access: NOTEBOOK_USERS },
  { method: 'DELETE', path: '/api/notebooks/:id', access: NOTEBOOK_USERS },
  { method: 'GET', path: '/api/notebooks/:id/export', access: NOTEBOOK_USERS },
  { method: 'GET', path: '/api/notebooks/:id/versions', access: NOTEBOOK_USERS },
  { method: 'GET', path: '/api/notebooks/:id/versions/:version', access: NOTEBOOK_USERS },
  { method: 'POST', path: '/api/notebooks/:id/versions/:version/restore', access: NOTEBOOK_USERS },
  { method: 'POST', path: '/api/notebooks/:id/run', access: NOTEBOOK_USERS },
  // Boards (issue 14, docs/boards.md): analysts and engineers edit and publish; managers see
  // published versions only (the routes refuse them drafts). Kiosk links are made by admins.
  { method: 'GET', path: '/api/boards', access: BOARD_VIEWERS },
  { method: 'POST', path: '/api/boards', access: BOARD_EDITORS },
  { method: 'GET', path: '/api/boards/:id', access: BOARD_VIEWERS },
  { method: 'PUT', path: '/api/boards/:id', access: BOARD_EDITORS },
  { method: 'DELETE', path: '/api/boards/:id', access: BOARD_EDITORS },
  { method: 'POST', path: '/api/boards/:id/publish', access: BOARD_EDITORS },
  { method: 'GET', path: '/api/boards/:id/versions', access: BOARD_VIEWERS },
  { method: 'POST', path: '/api/boards/:id/versions/:version/restore', access: BOARD_EDITORS },
  { method: 'GET', path: '/api/boards/:id/tiles/:tile/data', access: BOARD_VIEWERS },
  { method: 'GET', path: '/api/boards/:id/tiles/:tile/alerts', access: BOARD_VIEWERS },
  { method: 'GET', path: '/api/boards/:id/export', access: BOARD_VIEWERS },
  { method: 'GET', path: '/api/stream/catalog', access: EVERYONE },
  { method: 'GET', path: '/api/kiosk-links', access: ['admin'] },
  { method: 'POST', path: '/api/kiosk-links', access: ['admin'] },
  { method: 'DELETE', path: '/api/kiosk-links/:id', access: ['admin'] },
  // The kiosk's token in the path is its credential, checked by every kiosk route itself
  // (server/routes/kiosk.ts): public here, and never accepted anywhere else.
  { method: 'GET', path: '/api/kiosk/:token', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/boards/:id/tiles/:tile/data', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/catalog', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/sensors', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/boards/:id/tiles/:tile/alerts', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/alerts', access: 'public' },
  { method: 'GET', path: '/api/kiosk/:token/firings', access: 'public' },
  // Alerts (issue 15, docs/alerts.md): engineers write rules, silences and contacts and
  // acknowledge; analysts and managers see rules and alerts; backtests read the catalog, so
  // they are for readers of data (analysts try a rule before an engineer enables it).
  { method: 'GET', path: '/api/alerts/rules', access: ALERT_VIEWERS },
  { method: 'POST', path: '/api/alerts/rules', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/alerts/rules/:id', access: ALERT_VIEWERS },
  { method: 'PUT', path: '/api/alerts/rules/:id', access: ALERT_EDITORS },
  { method: 'DELETE', path: '/api/alerts/rules/:id', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/alerts/rules/:id/versions', access: ALERT_VIEWERS },
  { method: 'POST', path: '/api/alerts/rules/:id/backtest', access: READERS_OF_DATA },
  { method: 'POST', path: '/api/alerts/backtest', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/alerts', access: ALERT_VIEWERS },
  { method: 'GET', path: '/api/alerts/firings', access: ALERT_VIEWERS },
  { method: 'POST', path: '/api/alerts/:id/ack', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/alerts/silences', access: ALERT_VIEWERS },
  { method: 'POST', path: '/api/alerts/silences', access: ALERT_EDITORS },
  { method: 'DELETE', path: '/api/alerts/silences/:id', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/alerts/contacts', access: ALERT_EDITORS },
  { method: 'POST', path: '/api/alerts/contacts', access: ALERT_EDITORS },
  { method: 'DELETE', path: '/api/alerts/contacts/:id', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/alerts/contacts/:id/deliveries', access: ALERT_EDITORS },
  { method: 'GET', path: '/api/stream/alerts', access: ALERT_VIEWERS },
  // The service API (/api/v1, docs/service-api.md). Its description is public; data is for
  // readers of data; managers watch boards built on the KPIs, so they may read those too.
  { method: 'GET', path: '/api/v1/openapi.json', access: 'public' },
  { method: 'GET', path: '/api/v1/docs', access: 'public' },
  { method: 'GET', path: '/api/v1/docs/init.js', access: 'public' },
  { method: 'GET', path: '/api/v1/docs/assets/:file', access: 'public' },
  { method: 'GET', path: '/api/v1/tables', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/v1/tables/:name', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/v1/tables/:name/rows', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/v1/kpis/machines/daily', access: KPI_READERS },
  { method: 'GET', path: '/api/v1/kpis/machines/hourly', access: KPI_READERS },
  { method: 'GET', path: '/api/v1/queries', access: READERS_OF_DATA },
  { method: 'POST', path: '/api/v1/queries', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/v1/queries/:id', access: READERS_OF_DATA },
  { method: 'DELETE', path: '/api/v1/queries/:id', access: READERS_OF_DATA },
  { method: 'GET', path: '/api/v1/queries/:id/result', access: READERS_OF_DATA },
]
