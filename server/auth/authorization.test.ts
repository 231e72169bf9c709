/**
 * Deny by default, proved on the real app: every /api route has an access rule (and every rule a
 * route), and each rule lets exactly its roles through — for anonymous callers, each role's
 * session and each role's API token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { accessPolicy } from './access-policy.ts'
import { accessRules, ROLES, type AccessRule, type Role } from './access-rules.ts'
import { createApiToken } from './api-tokens.ts'

let t: TestApp
const tokens = {} as Record<Role, string>
beforeAll(async () => {
  t = await openTestApp()
  for (const role of ROLES) tokens[role] = (await createApiToken(t.runtime.appDb, t.users[role], { name: `${role} token`, role })).token
})
afterAll(() => t?.close())

const policy = accessPolicy(accessRules)

/** Route paths with a concrete value for each parameter. */
function concrete(path: string): string {
  return path.replace(/:[A-Za-z]+/g, 'does-not-exist')
}

function allowed(rule: AccessRule, role: Role | undefined): boolean {
  if (rule.access === 'public') return true
  if (role === undefined) return false
  return rule.access === 'signed-in' || role === 'admin' || rule.access.includes(role)
}

async function call(rule: AccessRule, headers: Record<string, string>): Promise<number> {
  const init: RequestInit = { method: rule.method, headers: { ...headers, 'content-type': 'application/json' } }
  if (rule.method !== 'GET') init.body = '{}'
  const response = await t.request(concrete(rule.path), init)
  await response.body?.cancel()
  return response.status
}

describe('every API route has an access rule', () => {
  it('covers each route the app serves under /api, and names no route that does not exist', () => {
    const routes = t.app.routes.filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
    expect(routes.length).toBeGreaterThan(10)
    const uncovered = routes.filter((route) => policy.find(route.method, concrete(route.path)) === undefined).map((route) => `${route.method} ${route.path}`)
    expect(uncovered).toEqual([])
    const stale = accessRules.filter((rule) => !routes.some((route) => route.method === rule.method && route.path === rule.path)).map((rule) => `${rule.method} ${rule.path}`)
    expect(stale).toEqual([])
  })

  it('answers a known path asked with a method it lacks 405 with Allow, for anyone', async () => {
    for (const [method, path, allow] of [['PUT', '/api/health', 'GET, HEAD'], ['PUT', '/api/query', 'POST'], ['PUT', '/api/tokens/x', 'DELETE'], ['OPTIONS', '/api/admin/users/x', 'PATCH, DELETE']] as const) {
      const response = await t.request(path, { method, headers: { cookie: await t.cookie('admin') } })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
      expect((await response.json()).error.code).toBe('method-not-allowed')
    }
    const anonymous = await t.request('/api/admin/audit', { method: 'DELETE' })
    expect(anonymous.status).toBe(405)
  })

  it('denies an /api path without a rule, even to an admin', async () => {
    const response = await t.request('/api/no-such-thing', { headers: { cookie: await t.cookie('admin') } })
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error: { code: 'forbidden', message: 'no access rule for GET /api/no-such-thing: denied' } })
  })
})

describe.each(accessRules.map((rule) => [`${rule.method} ${rule.path}`, rule] as const))('%s', (_name, rule) => {
  it(`answers anonymous callers ${rule.access === 'public' ? 'as usual' : '401'}`, async () => {
    const status = await call(rule, {})
    if (allowed(rule, undefined)) expect(status).not.toBe(401)
    else expect(status).toBe(401)
  })

  it.each(ROLES)('lets a session of %s through exactly when the rule allows it', async (role) => {
    const status = await call(rule, { cookie: await t.cookie(role) })
    if (allowed(rule, role)) expect([401, 403]).not.toContain(status)
    else expect(status).toBe(403)
  })

  it.each(ROLES)('lets an API token of %s through exactly when the rule allows it', async (role) => {
    const status = await call(rule, { authorization: `Bearer ${tokens[role]}` })
    // A token cannot mint tokens, whatever its role: that refusal is the route's own 403.
    const tokenMintsToken = rule.method === 'POST' && rule.path === '/api/tokens'
    if (allowed(rule, role) && !tokenMintsToken) expect([401, 403]).not.toContain(status)
    else expect(status).toBe(403)
  })
})

describe('credentials that do not count', () => {
  it('refuses a bearer token that does not exist, even on a public route', async () => {
    const response = await t.request('/api/health', { headers: { authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbb' } })
    expect(response.status).toBe(401)
    expect((await t.request('/api/jobs', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(401)
  })

  it('treats a forged or garbled session cookie as no session and clears it', async () => {
    const real = await t.cookie('admin')
    const forged = `${real.slice(0, -3)}xyz`
    for (const cookie of [forged, 'cockpit_session=garbage', 'cockpit_session=a.b']) {
      const response = await t.request('/api/jobs', { headers: { cookie } })
      expect(response.status).toBe(401)
      expect(response.headers.get('set-cookie')).toMatch(/^cockpit_session=; Max-Age=0/)
    }
  })
})

describe('cross-site request forgery', () => {
  const post = (headers: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })

  it('refuses a state change with a session cookie but without Origin or from another origin', async () => {
    const cookie = await t.cookie('admin')
    const missing = await t.app.request('http://cockpit.test/api/jobs/nope/run', post({ cookie }))
    expect(missing.status).toBe(403)
    expect((await missing.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/must carry an Origin header/) })
    const foreign = await t.app.request('http://cockpit.test/api/jobs/nope/run', post({ cookie, origin: 'http://evil.example' }))
    expect(foreign.status).toBe(403)
    expect((await foreign.json()).error.message).toMatch(/Origin 'http:\/\/evil.example' is not this server/)
    const own = await t.app.request('http://cockpit.test/api/jobs/nope/run', post({ cookie, origin: 'http://cockpit.test' }))
    expect(own.status).toBe(404)
  })

  it('refuses a login from another origin', async () => {
    const response = await t.app.request('http://cockpit.test/api/auth/login', { ...post({ origin: 'http://evil.example' }), body: JSON.stringify({ username: 'admin-1', password: t.password('admin') }) })
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('lets a bearer-token client without Origin change state, and GET needs no Origin', async () => {
    const withToken = await t.app.request('http://cockpit.test/api/jobs/nope/run', post({ authorization: `Bearer ${tokens.admin}` }))
    expect(withToken.status).toBe(404)
    const read = await t.app.request('http://cockpit.test/api/jobs', { headers: { cookie: await t.cookie('admin') } })
    expect(read.status).toBe(200)
  })
})
