/**
 * Calls to the cockpit's API. Results are values — `{ data }` or `{ error }` — so that every
 * view renders its loading, error and empty states explicitly.
 */
import type { HealthReport, JobRun, PublicSettings, SqlResult, TableStats } from '../../../server/index.ts'

export type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: string }

async function request<T>(path: string, init?: RequestInit): Promise<Result<T>> {
  try {
    const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } })
    const body = (await response.json().catch(() => undefined)) as (T & { error?: string | { message: string } }) | undefined
    // /api/health answers 503 with a full report when the cockpit is down; that is data, not a failure.
    if (body !== undefined && (response.ok || (response.status === 503 && path === '/api/health'))) return { data: body }
    // The SQL endpoints answer {error: {code, message, line, column}}; the others {error: "…"}.
    const error = typeof body?.error === 'object' ? body.error.message : body?.error
    return { error: error ?? `${path} answered ${response.status} ${response.statusText}` }
  } catch (error) {
    return { error: `cannot reach the cockpit server: ${(error as Error).message}` }
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
