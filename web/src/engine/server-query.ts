/**
 * A cell's statement on the server's SQL service (POST /api/query, format "arrow"): the sandbox,
 * limits and per-user queue are the service's. The answer stays Arrow IPC bytes, so the browser
 * can both show it and load it into duckdb-wasm as the cell's table. Aborting the signal drops
 * the request, and the server stops the query when its client goes away.
 */
import { request, type Result } from '../lib/api.ts'

export interface ArrowAnswer {
  bytes: Uint8Array
  /** Rows in the stream (at most the limit asked). */
  rowCount: number
  /** More rows existed than the limit. */
  truncated: boolean
}

export function queryArrow(sql: string, options: { params: Record<string, unknown>; limit: number; signal?: AbortSignal }): Promise<Result<ArrowAnswer>> {
  return request(
    '/api/query',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/vnd.apache.arrow.stream' },
      body: JSON.stringify({ sql, format: 'arrow', limit: options.limit, params: options.params }),
      signal: options.signal,
    },
    async (response) => {
      const bytes = new Uint8Array(await response.arrayBuffer())
      return { bytes, rowCount: Number(response.headers.get('x-row-count') ?? 0), truncated: response.headers.get('x-truncated') === 'true' }
    },
  )
}
