/**
 * Calls to the cockpit's API. Results are values — `{ data }` or `{ error }` — so that every
 * view renders its loading, error and empty states explicitly.
 */
import type { ApiToken, AuditEntry, HealthReport, JobRun, PublicSettings, Role, SqlResult, TableStats, User } from '../../../server/index.ts'

/**
 * An error as the server answers it (`{error: {code, message, field?, line?, column?}}`, see
 * server/http/api-error.ts), kept whole: views show `message`, the notebook editor marks
 * `line`/`column` of SQL errors, and code branches on `code`.
 */
export interface ApiProblem {
  code: string
  message: string
  field?: string
  line?: number
  column?: number
  /** The HTTP status; 0 when the server could not be reached. */
  status: number
}

export type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: ApiProblem }

let onSignedOut: () => void = () => undefined

/** Called whenever the server answers 401: the session ended (expired, logged out elsewhere). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler
}

async function request<T>(path: string, init?: RequestInit): Promise<Result<T>> {
  try {
    // Same-origin requests carry the session cookie; the browser adds Origin to non-GET requests (CSRF check).
    const response = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init?.headers } })
    if (response.status === 401 && path !== '/api/auth/login') onSignedOut()
    const body = (await response.json().catch(() => undefined)) as (T & { error?: Omit<ApiProblem, 'status'> }) | undefined
    // /api/health answers 503 with a full report when the cockpit is down; that is data, not a failure.
    if (body !== undefined && (response.ok || (response.status === 503 && path === '/api/health'))) return { data: body }
    if (typeof body?.error === 'object' && typeof body.error.message === 'string') return { error: { ...body.error, status: response.status } }
    // Not the cockpit's error body: a proxy's page, say.
    return { error: { code: 'internal', message: `${path} answered ${response.status} ${response.statusText}`, status: response.status } }
  } catch (error) {
    return { error: { code: 'unreachable', message: `cannot reach the cockpit server: ${(error as Error).message}`, status: 0 } }
  }
}

export const fetchHealth = (): Promise<Result<HealthReport>> => request('/api/health')
export const fetchSettings = (): Promise<Result<PublicSettings>> => request('/api/settings')
export const fetchTables = (): Promise<Result<{ tables: TableStats[] }>> => request('/api/catalog/tables')
export const fetchRuns = (limit = 30): Promise<Result<{ jobs: { name: string; running: boolean }[]; runs: JobRun[] }>> =>
  request(`/api/jobs?limit=${limit}`)

export const runSql = (sql: string, maxRows = 200): Promise<Result<SqlResult>> =>
  request('/api/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, maxRows }) })

export const startJob = (name: string): Promise<Result<{ job: string; started: boolean; message: string }>> =>
  request(`/api/jobs/${encodeURIComponent(name)}/run`, { method: 'POST' })

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

export interface SignedInUser {
  username: string
  role: Role
  /** Roles this user may give a new API token. */
  tokenRoles: Role[]
}

export const fetchMe = (): Promise<Result<SignedInUser>> => request('/api/auth/me')
export const login = (username: string, password: string): Promise<Result<SignedInUser>> => request('/api/auth/login', json('POST', { username, password }))
export const logout = (): Promise<Result<{ signedOut: boolean }>> => request('/api/auth/logout', { method: 'POST' })
export const logoutEverywhere = (): Promise<Result<{ signedOut: boolean; sessions: number }>> => request('/api/auth/logout-all', { method: 'POST' })

export const fetchUsers = (): Promise<Result<{ users: User[] }>> => request('/api/admin/users')
export const createUser = (input: { username: string; password: string; role: Role }): Promise<Result<{ user: User }>> => request('/api/admin/users', json('POST', input))
export const changeUser = (username: string, change: { role?: Role; disabled?: boolean; password?: string }): Promise<Result<{ user: User }>> =>
  request(`/api/admin/users/${encodeURIComponent(username)}`, json('PATCH', change))
export const removeUser = (username: string): Promise<Result<{ removed: string }>> => request(`/api/admin/users/${encodeURIComponent(username)}`, { method: 'DELETE' })

export const fetchTokens = (): Promise<Result<{ tokens: ApiToken[] }>> => request('/api/tokens')
export const createToken = (input: { name: string; role: Role }): Promise<Result<{ token: string; apiToken: ApiToken }>> => request('/api/tokens', json('POST', input))
export const revokeToken = (id: string): Promise<Result<{ revoked: string }>> => request(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' })

export const fetchAudit = (limit = 100): Promise<Result<{ entries: AuditEntry[] }>> => request(`/api/admin/audit?limit=${limit}`)
