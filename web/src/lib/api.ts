/**
 * Calls to the cockpit's API. Results are values — `{ data }` or `{ error }` — so that every
 * view renders its loading, error and empty states explicitly.
 */
import type { ApiToken, AuditEntry, HealthReport, JobRun, NotebookSummary, PublicSettings, Role, TableStats, User } from '../../../server/index.ts'
import type { ResultColumn } from './arrow-result.ts'

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

/** How a successful answer's body is read: JSON by default; Arrow and Markdown answers bring their own. */
type ReadBody<T> = (response: Response) => Promise<T>

const readJson = async <T>(response: Response): Promise<T> => (await response.json()) as T

/** The one way the web app calls the server: errors become values, a 401 shows the login page. */
export async function request<T>(path: string, init?: RequestInit, read: ReadBody<T> = readJson): Promise<Result<T>> {
  let response: Response
  try {
    // Same-origin requests carry the session cookie; the browser adds Origin to non-GET requests (CSRF check).
    response = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init?.headers } })
  } catch (error) {
    return { error: { code: 'unreachable', message: `cannot reach the cockpit server: ${(error as Error).message}`, status: 0 } }
  }
  if (response.status === 401 && path !== '/api/auth/login') onSignedOut()
  // /api/health answers 503 with a full report when the cockpit is down; that is data, not a failure.
  if (response.ok || (response.status === 503 && path === '/api/health')) {
    try {
      return { data: await read(response) }
    } catch (error) {
      return { error: { code: 'internal', message: `${path} answered ${response.status} with a body that cannot be read: ${(error as Error).message}`, status: response.status } }
    }
  }
  const body = (await response.json().catch(() => undefined)) as { error?: Omit<ApiProblem, 'status'> } | undefined
  if (typeof body?.error === 'object' && typeof body.error.message === 'string') return { error: { ...body.error, status: response.status } }
  // Not the cockpit's error body: a proxy's page, say.
  return { error: { code: 'internal', message: `${path} answered ${response.status} ${response.statusText}`, status: response.status } }
}

export const fetchHealth = (): Promise<Result<HealthReport>> => request('/api/health')
export const fetchSettings = (): Promise<Result<PublicSettings>> => request('/api/settings')
export const fetchTables = (): Promise<Result<{ tables: TableStats[] }>> => request('/api/catalog/tables')
export const fetchRuns = (limit = 30): Promise<Result<{ jobs: { name: string; running: boolean }[]; runs: JobRun[] }>> =>
  request(`/api/jobs?limit=${limit}`)

/** A query's rows as the web app reads them: decoded from Arrow, with the counts the server sent beside. */
export interface QueryResult {
  columns: ResultColumn[]
  rows: unknown[][]
  /** Rows the server returned (at most `limit`). */
  rowCount: number
  /** More rows existed than `limit`; only the first `limit` are here. */
  truncated: boolean
  elapsedMs: number
}

/** Reads `/api/query`'s Arrow answer; row count, truncation and time come as headers beside the stream. */
async function readArrow(response: Response): Promise<QueryResult> {
  // apache-arrow is a large library: a chunk of its own, loaded by the first query, never by the app's shell.
  const { decodeArrow } = await import('./arrow-result.ts')
  const decoded = decodeArrow(new Uint8Array(await response.arrayBuffer()))
  const header = (name: string) => response.headers.get(name)
  return {
    ...decoded,
    rowCount: Number(header('x-row-count') ?? decoded.rows.length),
    truncated: header('x-truncated') === 'true',
    elapsedMs: Number(header('x-elapsed-ms') ?? 0),
  }
}

/** One read-only statement over the catalog, answered as Arrow (compact, typed, full precision). */
export const runQuery = (sql: string, options: { limit?: number; params?: Record<string, unknown> } = {}): Promise<Result<QueryResult>> =>
  request(
    '/api/query',
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' }, body: JSON.stringify({ sql, format: 'arrow', limit: options.limit ?? 200, ...(options.params ? { params: options.params } : {}) }) },
    readArrow,
  )

export const startJob = (name: string): Promise<Result<{ job: string; started: boolean; message: string }>> =>
  request(`/api/jobs/${encodeURIComponent(name)}/run`, { method: 'POST' })

export const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

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

/** A notebook in the list, as the server's store answers it. */
export type { NotebookSummary }

/** A notebook with its current version's Markdown file. */
export interface NotebookDoc extends NotebookSummary {
  text: string
}

export interface NotebookVersion {
  version: number
  author: string
  createdAt: string
  summary: string
}

/** One cell's outcome of a notebook run. */
export interface CellRun {
  name: string
  kind: 'sql' | 'plot' | 'input' | 'markdown' | 'live'
  status: 'ok' | 'error' | 'skipped'
  columns?: ResultColumn[]
  rows?: unknown[][]
  rowCount?: number
  truncated?: boolean
  error?: { code: string; message: string; line?: number; column?: number }
}

export type InputValues = Record<string, string | number | boolean | null | (string | number)[]>

const notebookPath = (id: number | string) => `/api/notebooks/${encodeURIComponent(String(id))}`

export const fetchNotebooks = (q = ''): Promise<Result<{ notebooks: NotebookSummary[] }>> => request(`/api/notebooks${q ? `?q=${encodeURIComponent(q)}` : ''}`)
export const createNotebook = (input: { title?: string; text?: string }): Promise<Result<NotebookDoc>> => request('/api/notebooks', json('POST', input))
export const fetchNotebook = (id: number | string): Promise<Result<NotebookDoc>> => request(notebookPath(id))
/** Saves on the version the text was edited from; a 409 `conflict` means someone saved since, and nothing was written. */
export const saveNotebook = (id: number | string, text: string, baseVersion: number): Promise<Result<NotebookDoc>> => request(notebookPath(id), json('PUT', { text, baseVersion }))
export const deleteNotebook = (id: number | string): Promise<Result<unknown>> => request(notebookPath(id), { method: 'DELETE' })
export const fetchVersions = (id: number | string): Promise<Result<{ versions: NotebookVersion[] }>> => request(`${notebookPath(id)}/versions`)
/** One version with its file as saved. */
export const fetchVersion = (id: number | string, version: number): Promise<Result<NotebookVersion & { text: string }>> => request(`${notebookPath(id)}/versions/${version}`)
/** Saves an old version's file again as the newest version; the versions after it stay in the history. */
export const restoreVersion = (id: number | string, version: number): Promise<Result<NotebookDoc>> => request(`${notebookPath(id)}/versions/${version}/restore`, { method: 'POST' })
export const runNotebook = (id: number | string, inputs: InputValues, signal?: AbortSignal): Promise<Result<{ cells: CellRun[] }>> =>
  request(`${notebookPath(id)}/run`, { ...json('POST', { inputs }), signal })
/** Imports a Markdown notebook file as a new notebook; a file that does not parse is a 400 naming its line. */
export const importNotebook = (text: string): Promise<Result<{ id: number; version: number }>> =>
  request('/api/notebooks/import', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: text })
export const exportNotebook = (id: number | string): Promise<Result<string>> => request(`${notebookPath(id)}/export`, { headers: { accept: 'text/markdown' } }, (response) => response.text())
