/**
 * One error contract on the real cockpit process (issue 12, items 7 and 9): errors everywhere
 * under /api are `{error: {code, message, field?, line?, column?}}` with kebab-case codes — the
 * gate's 401/403 under /api/v1 too — and the OpenAPI document says so: its Error schema, the
 * error answers of every operation, the real session cookie, and the configured origin as its
 * server whatever Host a request names. The checker every system test's answers pass through
 * (test/harness/api-contract.ts) is proved to catch a broken answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_ERROR_CODES } from '../../server/http/api-error.ts'
import { loadApiContract } from '../harness/api-contract.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { rawRequest } from '../harness/raw-http.ts'

let cockpit: ServedCockpit
beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
})
afterAll(() => cockpit?.stop())

const document = async () => (await fetch(`${cockpit.url}/api/v1/openapi.json`)).json()

describe('errors', () => {
  it('answers 401 and 403 under /api/v1 with the Error body', async () => {
    const anonymous = await fetch(`${cockpit.url}/api/v1/tables`)
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { error: { code: 'unauthorized', message: 'sign in first' } }])
    const manager = await (await cockpit.as('manager')).api('/api/v1/tables')
    expect([manager.status, await manager.json()]).toEqual([403, { error: { code: 'forbidden', message: "role 'manager' may not GET /api/v1/tables" } }])
    const badToken = await fetch(`${cockpit.url}/api/v1/tables`, { headers: { authorization: 'Bearer nope' } })
    expect((await badToken.json()).error.code).toBe('unauthorized')
  })

  it('answers the rest of /api in the same shape: not found, bad request, conflict, rate limit', async () => {
    const admin = await cockpit.as('admin')
    expect(await (await admin.api('/api/catalog/tables/nope.nothing')).json()).toEqual({ error: { code: 'not-found', message: "no table 'nope.nothing' in the catalog", field: 'name' } })
    expect((await (await admin.api('/api/admin/audit?limit=0')).json()).error).toMatchObject({ code: 'bad-request', field: 'limit' })
    const user = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dup', password: 'dup-password-1', role: 'analyst' }) }
    await admin.api('/api/admin/users', user)
    expect((await (await admin.api('/api/admin/users', user)).json()).error.code).toBe('conflict')
    const login = () => fetch(`${cockpit.url}/api/auth/login`, { method: 'POST', headers: { origin: cockpit.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dup', password: 'wrong-password' }) })
    let answer = await login()
    for (let i = 0; i < 10 && answer.status !== 429; i++) answer = await login()
    expect(answer.status).toBe(429)
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await answer.json()).error.code).toBe('rate-limited')
  })
})

describe('the OpenAPI document', () => {
  it('defines the Error body with every code, and names the real session cookie', async () => {
    const doc = await document()
    const error = doc.components.schemas.Error
    expect(error.properties.error.required).toEqual(['code', 'message'])
    expect(error.properties.error.properties.code.enum).toEqual([...API_ERROR_CODES])
    expect(Object.keys(error.properties.error.properties)).toEqual(['code', 'message', 'field', 'line', 'column'])
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cockpit_session' })
  })

  it('lists the answers of the gate and the limits on every operation', async () => {
    const doc = await document()
    for (const [path, methods] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const status of ['401', '403', '405', '413', '415', '429', '500', '503']) {
          expect(operation.responses[status]?.content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/Error' })
        }
      }
    }
  })

  it('names the configured origin as its server, not the Host a request sends', async () => {
    expect((await document()).servers).toEqual([{ url: `${cockpit.url}/api/v1` }])
    const forged = await rawRequest(cockpit.url, { method: 'GET', path: '/api/v1/openapi.json', headers: { host: 'evil.example' } })
    expect(JSON.parse(forged.body).servers).toEqual([{ url: `${cockpit.url}/api/v1` }])
  })
})

describe('the contract checker of the system tests', () => {
  it('catches an error in another shape, an undeclared status and a body off its schema', async () => {
    const contract = await loadApiContract(cockpit.url)
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    expect(await contract.check('GET', `${cockpit.url}/api/admin/users`, json(403, { error: 'denied' }))).toEqual([expect.stringContaining('not the Error body')])
    expect(await contract.check('GET', `${cockpit.url}/api/v1/tables`, json(418, { error: { code: 'internal', message: 'teapot' } }))).toEqual([expect.stringContaining('status 418 is not in the document')])
    expect(await contract.check('GET', `${cockpit.url}/api/v1/tables`, json(200, { tables: 'none' }))).toEqual([expect.stringContaining('body does not match the document')])
    expect(await contract.check('GET', `${cockpit.url}/api/v1/tables`, json(401, { error: { code: 'unauthorized', message: 'sign in first' } }))).toEqual([])
    expect(await contract.check('GET', `${cockpit.url}/api/admin/users`, new Response('denied', { status: 403 }))).toEqual([expect.stringContaining('not the JSON Error body')])
  })
})
