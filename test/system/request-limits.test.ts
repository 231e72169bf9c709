/**
 * Bounded requests on the real cockpit process (issue 12, item 4 and the 415 of item 8): every
 * route that takes a body answers a 50 MB body 413 from its headers — the test sends only
 * 64 KiB of the promised 50 MB, so an answer proves the server did not wait for the rest — while
 * /api/health keeps answering; bodies that are not JSON are 415; a method a path lacks is 405.
 * The routes come from the access rules, which server/auth/authorization.test.ts proves equal to
 * the app's routes (and server/http/request-body.test.ts walks app.routes itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessRules } from '../../server/auth/access-rules.ts'
import { errorBodySchema } from '../../server/http/api-error.ts'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'
import { rawRequest } from '../harness/raw-http.ts'

const FIFTY_MB = 50 * 1024 * 1024
let cockpit: ServedCockpit
let admin: CockpitUser
beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
  admin = await cockpit.as('admin')
})
afterAll(() => cockpit?.stop())

const concrete = (path: string): string => path.replace(/:[A-Za-z]+/g, 'x')
const mutating = accessRules.filter((rule) => rule.method !== 'GET')

describe('body limits', () => {
  it('has mutating routes to try', () => {
    expect(mutating.length).toBeGreaterThanOrEqual(12)
  })

  it.each(mutating.map((rule) => [`${rule.method} ${rule.path}`, rule] as const))('%s answers a 50 MB body 413 without reading it', async (_name, rule) => {
    const answer = await rawRequest(cockpit.url, {
      method: rule.method,
      path: concrete(rule.path),
      headers: { 'content-type': 'application/json', 'content-length': String(FIFTY_MB), origin: cockpit.url, cookie: `${admin.cookie.name}=${admin.cookie.value}` },
      body: Buffer.alloc(64 * 1024, 0x20),
    })
    expect(answer.status).toBe(413)
    expect(errorBodySchema.parse(JSON.parse(answer.body)).error).toMatchObject({ code: 'too-large', field: 'body' })
  })

  it('refuses a body streamed without Content-Length once it passes the limit', async () => {
    const chunk = Buffer.alloc(32 * 1024, 0x20)
    const chunked = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
    const answer = await rawRequest(cockpit.url, {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: cockpit.url },
      body: Buffer.concat([chunked, chunked]),
    })
    expect(answer.status).toBe(413)
  })

  it('keeps /api/health answering while two 50 MB uploads are in progress', async () => {
    const uploads = ['/api/auth/login', '/api/query'].map((path) =>
      rawRequest(cockpit.url, { method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(FIFTY_MB), origin: cockpit.url }, streamBytes: FIFTY_MB }),
    )
    const health = await fetch(`${cockpit.url}/api/health`)
    expect(health.status).toBe(200)
    expect((await health.json()).status).toBe('ok')
    expect((await Promise.all(uploads)).map((answer) => answer.status)).toEqual([413, 413])
  })
})

describe('JSON bodies only', () => {
  it.each([
    ['text/plain', '{"sql":"SELECT 42"}'],
    ['application/x-www-form-urlencoded', 'sql=SELECT+42'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="sql"\r\n\r\nSELECT 42\r\n--b--\r\n'],
  ])('refuses %s on /api/query and /api/sql with 415 (a cross-site form or no-cors fetch)', async (type, body) => {
    for (const path of ['/api/query', '/api/sql', '/api/v1/queries', '/api/tokens']) {
      const response = await admin.api(path, { method: 'POST', headers: { 'content-type': type }, body })
      expect(response.status, path).toBe(415)
      expect((await response.json()).error).toMatchObject({ code: 'unsupported-media-type', field: 'body' })
    }
  })
})

describe('methods', () => {
  it.each([
    ['TRACE', '/api/health', 'GET, HEAD'],
    ['PUT', '/api/query', 'POST'],
    ['DELETE', '/api/v1/tables', 'GET, HEAD'],
    ['PATCH', '/api/tokens', 'GET, HEAD, POST'],
  ])('answers %s %s 405 with Allow: %s', async (method, path, allow) => {
    const answer = await rawRequest(cockpit.url, { method, path, headers: { origin: cockpit.url, cookie: `${admin.cookie.name}=${admin.cookie.value}` } })
    expect(answer.status).toBe(405)
    expect(answer.headers.allow).toBe(allow)
    expect(errorBodySchema.parse(JSON.parse(answer.body)).error.code).toBe('method-not-allowed')
  })
})
