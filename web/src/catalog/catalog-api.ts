/**
 * The catalog browser's reads. Results are values (`{data}` or `{error}`), errors in the API's
 * one shape, like web/src/lib/api.ts; kept here because the routes it needs (the service API's
 * table detail and rows) are the browser's alone.
 */
import type { TableStats } from '../../../server/index.ts'
import type { ApiProblem, Result } from '../lib/api.ts'
import type { QueryResult, RowsPage, Snapshot, TableDetail, TableSchema } from './catalog-types.ts'

export const PREVIEW_ROWS = 50

async function getJson<T>(path: string, init?: RequestInit): Promise<Result<T>> {
  try {
    const response = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init?.headers } })
    const body = (await response.json().catch(() => undefined)) as (T & { error?: Omit<ApiProblem, 'status'> }) | undefined
    if (response.ok && body !== undefined) return { data: body }
    if (typeof body?.error === 'object' && typeof body.error.message === 'string') return { error: { ...body.error, status: response.status } }
    return { error: { code: 'internal', message: `${path} answered ${response.status} ${response.statusText}`, status: response.status } }
  } catch (error) {
    return { error: { code: 'unreachable', message: `cannot reach the cockpit server: ${(error as Error).message}`, status: 0 } }
  }
}

const table = (name: string) => encodeURIComponent(name)

export const fetchTableList = (): Promise<Result<{ tables: TableStats[] }>> => getJson('/api/catalog/tables')
export const fetchTableSchemas = (): Promise<Result<{ tables: TableSchema[] }>> => getJson('/api/v1/tables')
export const fetchTableDetail = (name: string): Promise<Result<TableDetail>> => getJson(`/api/v1/tables/${table(name)}`)
export const fetchSnapshots = (name: string): Promise<Result<{ history: Snapshot[] }>> => getJson(`/api/catalog/tables/${table(name)}`)
export const fetchPreview = (name: string): Promise<Result<RowsPage>> => getJson(`/api/v1/tables/${table(name)}/rows?limit=${PREVIEW_ROWS}`)

export const query = (sql: string, limit: number): Promise<Result<QueryResult>> =>
  getJson('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, limit }) })
