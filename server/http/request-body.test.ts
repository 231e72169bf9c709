/**
 * Request bodies on the real app: every route that takes a body (enumerated from the app, so a
 * new route is covered the day it lands) refuses 50 MB with 413 from the headers alone, and a
 * body that is not JSON with 415.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { bodyLimitOf, bodyTypeOf, NOTEBOOK_BODY_BYTES, QUERY_BODY_BYTES, SMALL_BODY_BYTES } from './body-limits.ts'

const FIFTY_MB = 50 * 1024 * 1024
let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

/** A body that sends 64 KiB and then never ends: an answer proves nothing waited for the rest. */
function endlessBody(): ReadableStream<Uint8Array> {
  let sent = false
  return new ReadableStream({
    pull(controller) {
      if (!sent) controller.enqueue(new Uint8Array(64 * 1024).fill(0x20))
      sent = true
      return new Promise(() => undefined)
    },
  })
}

const concrete = (path: string): string => path.replace(/:[A-Za-z]+/g, 'x')

describe('body limits', () => {
  it('answers 413 to a 50 MB body on every route that takes one, before reading it', async () => {
    const routes = t.app.routes.filter((route) => route.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method))
    expect(routes.length).toBeGreaterThanOrEqual(10)
    const cookie = await t.cookie('admin')
    for (const route of routes) {
      const init = { method: route.method, headers: { origin: ORIGIN, cookie, 'content-type': 'application/json', 'content-length': String(FIFTY_MB) }, body: endlessBody(), duplex: 'half' } as RequestInit
      const response = await t.app.request(`${ORIGIN}${concrete(route.path)}`, init)
      expect(response.status, `${route.method} ${route.path}`).toBe(413)
      expect(await response.json()).toEqual({ error: { code: 'too-large', message: `body: at most ${bodyLimitOf(concrete(route.path))} bytes`, field: 'body' } })
    }
  })

  it('counts a streamed body without Content-Length too', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(8 * 1024).fill(0x20))
        controller.close()
      },
    })
    const response = await t.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: chunks, duplex: 'half' } as RequestInit)
    expect(response.status).toBe(413)
  })

  it('gives SQL and the service API room for 100,000 characters of SQL, everything else a few KB', () => {
    expect(bodyLimitOf('/api/query')).toBe(QUERY_BODY_BYTES)
    expect(bodyLimitOf('/api/sql')).toBe(QUERY_BODY_BYTES)
    expect(bodyLimitOf('/api/v1/queries')).toBe(QUERY_BODY_BYTES)
    expect(bodyLimitOf('/api/v1')).toBe(QUERY_BODY_BYTES)
    expect(bodyLimitOf('/api/v10')).toBe(SMALL_BODY_BYTES)
    expect(bodyLimitOf('/api/auth/login')).toBe(SMALL_BODY_BYTES)
    expect(bodyLimitOf('/api/query/x')).toBe(SMALL_BODY_BYTES)
    expect(QUERY_BODY_BYTES).toBeGreaterThan(100_000 * 6)
  })

  it('gives notebooks 1 MiB, and their import a Markdown body instead of JSON', () => {
    expect(bodyLimitOf('/api/notebooks/import')).toBe(NOTEBOOK_BODY_BYTES)
    expect(bodyLimitOf('/api/notebooks/7')).toBe(NOTEBOOK_BODY_BYTES)
    expect(bodyTypeOf('/api/notebooks/import')).toBe('markdown')
    expect(bodyTypeOf('/api/notebooks/7')).toBe('json')
    expect(bodyTypeOf('/api/notebooks')).toBe('json')
  })
})

describe('JSON bodies only', () => {
  it.each([
    ['text/plain', '{"sql":"select 42"}'],
    ['application/x-www-form-urlencoded', 'sql=select+42'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses %s with 415, before the sign-in check', async (type, body) => {
    for (const path of ['/api/query', '/api/sql', '/api/auth/login', '/api/v1/queries']) {
      // app.request adds no Content-Length; the server's HTTP stack (and every client) does.
      const response = await t.request(path, { method: 'POST', headers: { 'content-type': type, 'content-length': String(body.length) }, body })
      expect(response.status, path).toBe(415)
      expect((await response.json()).error).toMatchObject({ code: 'unsupported-media-type', field: 'body' })
    }
  })

  it('takes a notebook import only as text/markdown', async () => {
    const cookie = await t.cookie('analyst')
    const file = '# Imported\n'
    const asJson = await t.request('/api/notebooks/import', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'content-length': String(file.length) }, body: file })
    expect(asJson.status).toBe(415)
    expect((await asJson.json()).error.message).toContain('text/markdown')
    const asMarkdown = await t.request('/api/notebooks/import', { method: 'POST', headers: { cookie, 'content-type': 'text/markdown; charset=utf-8', 'content-length': String(file.length) }, body: file })
    expect(asMarkdown.status).toBe(201)
  })

  it('takes application/json with a charset, and a POST without a body needs no type', async () => {
    const cookie = await t.cookie('admin')
    const json = JSON.stringify({ name: 'x', role: 'analyst' })
    const typed = await t.request('/api/tokens', { method: 'POST', headers: { cookie, 'content-type': 'application/json; charset=utf-8', 'content-length': String(json.length) }, body: json })
    expect(typed.status).toBe(201)
    const bare = await t.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect(bare.status).toBe(200)
  })
})
