/** The web client keeps the server's error whole: code, field, line and column, not only the message. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchTables, runSql } from './api.ts'

afterEach(() => vi.unstubAllGlobals())

const answer = (status: number, body: unknown) => vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })))

describe('api client errors', () => {
  it('keeps the code, line and column of a SQL error for the editor to mark', async () => {
    answer(400, { error: { code: 'invalid-sql', message: 'Parser Error: syntax error at or near "form"', field: 'sql', line: 2, column: 8 } })
    const result = await runSql('select *\nfrom form')
    expect(result.error).toEqual({ code: 'invalid-sql', message: 'Parser Error: syntax error at or near "form"', field: 'sql', line: 2, column: 8, status: 400 })
  })

  it('says what answered when the body is not the cockpit’s error, and when nothing answered', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })))
    expect((await fetchTables()).error).toEqual({ code: 'internal', message: '/api/catalog/tables answered 502 Bad Gateway', status: 502 })
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    expect((await fetchTables()).error).toMatchObject({ code: 'unreachable', status: 0 })
  })
})
