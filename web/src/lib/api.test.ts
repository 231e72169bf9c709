/** The web client keeps the server's error whole: code, field, line and column, not only the message. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tableToIPC, tableFromArrays } from 'apache-arrow'
import { fetchTables, runQuery } from './api.ts'

afterEach(() => vi.unstubAllGlobals())

const answer = (status: number, body: unknown) => vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })))

describe('api client errors', () => {
  it('keeps the code, line and column of a SQL error for the editor to mark', async () => {
    answer(400, { error: { code: 'invalid-sql', message: 'Parser Error: syntax error at or near "form"', field: 'sql', line: 2, column: 8 } })
    const result = await runQuery('select *\nfrom form')
    expect(result.error).toEqual({ code: 'invalid-sql', message: 'Parser Error: syntax error at or near "form"', field: 'sql', line: 2, column: 8, status: 400 })
  })

  it('says what answered when the body is not the cockpit’s error, and when nothing answered', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })))
    expect((await fetchTables()).error).toEqual({ code: 'internal', message: '/api/catalog/tables answered 502 Bad Gateway', status: 502 })
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    expect((await fetchTables()).error).toMatchObject({ code: 'unreachable', status: 0 })
  })

  it('asks /api/query for Arrow and reads the rows with the counts the server sent beside them', async () => {
    const bytes = tableToIPC(tableFromArrays({ machine_id: ['M01', 'M02'], oee: Float64Array.from([0.7, 0.8]) }), 'stream')
    const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': 'application/vnd.apache.arrow.stream', 'x-row-count': '2', 'x-truncated': 'true', 'x-elapsed-ms': '12' } }))
    vi.stubGlobal('fetch', fetch)
    const result = await runQuery('select machine_id, oee from kpi.machine_daily', { limit: 2 })
    expect(fetch.mock.calls[0]![0]).toBe('/api/query')
    expect(JSON.parse(String(fetch.mock.calls[0]![1]!.body))).toEqual({ sql: 'select machine_id, oee from kpi.machine_daily', format: 'arrow', limit: 2 })
    expect(result.data).toEqual({ columns: [{ name: 'machine_id', type: 'VARCHAR' }, { name: 'oee', type: 'DOUBLE' }], rows: [['M01', 0.7], ['M02', 0.8]], rowCount: 2, truncated: true, elapsedMs: 12 })
  })
})
