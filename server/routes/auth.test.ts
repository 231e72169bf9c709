/**
 * Signing in and out through the real app: the session cookie's attributes, one answer for
 * unknown users and wrong passwords, throttling with Retry-After, logout and logout everywhere,
 * and the audit trail they leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { listAudit } from '../auth/audit.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(await database.env())
  })
  afterAll(() => t?.close())

  const login = (username: string, password: string, headers: Record<string, string> = {}, url = ORIGIN) =>
    t.app.request(`${url}/api/auth/login`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })

  const cookieOf = (response: Response): string => (response.headers.get('set-cookie') ?? '').split(';')[0]!

  describe('POST /api/auth/login', () => {
    it('answers 200 with the user and sets an HttpOnly, SameSite=Lax session cookie for the whole site', async () => {
      const response = await login('analyst-1', t.password('analyst'))
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ username: 'analyst-1', role: 'analyst' })
      const cookie = response.headers.get('set-cookie')!
      expect(cookie).toMatch(/^cockpit_session=[a-z2-9]{26}\.[a-z2-9]{26}; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/)
      expect(cookie).not.toContain('Secure')
      const me = await t.request('/api/auth/me', { headers: { cookie: cookieOf(response) } })
      expect(await me.json()).toEqual({ username: 'analyst-1', role: 'analyst', via: 'session', tokenRoles: ['analyst'] })
    })

    it('marks the cookie Secure when served over HTTPS', async () => {
      const https = await openTestApp({ ...(await database.env()), COCKPIT_PUBLIC_URL: 'https://cockpit.test' })
      try {
        const response = await https.app.request('https://cockpit.test/api/auth/login', { method: 'POST', headers: { origin: 'https://cockpit.test', 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analyst-1', password: https.password('analyst') }) })
        expect(response.headers.get('set-cookie')).toContain('; Secure')
      } finally {
        await https.close()
      }
    })

    it('ignores X-Forwarded-Proto unless told to trust a proxy', async () => {
      const response = await login('analyst-1', t.password('analyst'), { 'x-forwarded-proto': 'https' })
      expect(response.headers.get('set-cookie')).not.toContain('Secure')
      // No COCKPIT_PUBLIC_URL: the proxy's forwarded proto and host are the origin.
      const behindProxy = await openTestApp({ ...(await database.env()), COCKPIT_TRUST_PROXY: 'true', COCKPIT_PUBLIC_URL: '' })
      try {
        const proxied = await behindProxy.app.request(`${ORIGIN}/api/auth/login`, {
          method: 'POST',
          headers: { origin: 'https://cockpit.example', 'x-forwarded-host': 'cockpit.example', 'x-forwarded-proto': 'https', 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin-1', password: behindProxy.password('admin') }),
        })
        expect(proxied.status).toBe(200)
        expect(proxied.headers.get('set-cookie')).toContain('; Secure')
      } finally {
        await behindProxy.close()
      }
    })

    it('gives the same answer for an unknown user and a wrong password', async () => {
      const unknown = await login('nobody-here', 'whatever-password')
      const wrong = await login('manager-1', 'not-the-password')
      expect([unknown.status, wrong.status]).toEqual([401, 401])
      expect(await unknown.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } })
      expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } })
      expect(unknown.headers.get('set-cookie')).toBeNull()
    })

    it('refuses a body without username or password, naming the field', async () => {
      const response = await t.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x' }) })
      expect(response.status).toBe(400)
      expect((await response.json()).error).toMatchObject({ code: 'bad-request', field: 'password', message: expect.stringMatching(/^password: /) })
    })

    it('records sign-ins and failed sign-ins in the audit log, never the password', async () => {
      const entries = await listAudit(t.runtime.appDb, { limit: 1000 })
      expect(entries.some((e) => e.action === 'login' && e.actor === 'analyst-1')).toBe(true)
      expect(entries.some((e) => e.action === 'login-failed' && e.target === 'nobody-here')).toBe(true)
      expect(JSON.stringify(entries)).not.toContain('not-the-password')
    })
  })

  describe('login throttling', () => {
    it('locks a username out with 429 and Retry-After after repeated failures, even for the right password', async () => {
      let locked: Response | undefined
      // Each failure from the sixth on doubles the lock, so within a few attempts one lands inside it.
      for (let attempt = 0; attempt < 12 && locked === undefined; attempt++) {
        const response = await login('engineer-1', 'wrong-password')
        if (response.status === 429) locked = response
        else expect(response.status).toBe(401)
      }
      expect(locked?.status).toBe(429)
      expect(Number(locked?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect((await locked!.json()).error).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/^too many failed sign-ins: try again in \d+ s$/) })
      const right = await login('engineer-1', t.password('engineer'))
      expect(right.status).toBe(429)
      // Another user is not affected (the address's own limit is higher).
      expect((await login('manager-1', t.password('manager'))).status).toBe(200)
    })
  })

  describe('login throttling per address', () => {
    it('locks an address that fails with many names, and only that address (behind a trusted proxy)', async () => {
      const proxied = await openTestApp({ ...(await database.env()), COCKPIT_TRUST_PROXY: 'true' })
      const attempt = (username: string, address: string) =>
        proxied.app.request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { origin: ORIGIN, 'x-forwarded-for': address, 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'wrong-password' }) })
      try {
        let locked: Response | undefined
        for (let i = 0; i < 40 && locked === undefined; i++) {
          const response = await attempt(`sprayed-${i}`, '203.0.113.7')
          if (response.status === 429) locked = response
        }
        expect(locked?.headers.get('retry-after')).toMatch(/^\d+$/)
        expect((await attempt('sprayed-other', '198.51.100.1')).status).toBe(401)
        const { entries } = await (await proxied.request('/api/admin/audit?action=login-failed&limit=1', { headers: { cookie: await proxied.cookie('admin') } })).json()
        expect(entries[0]).toMatchObject({ target: 'sprayed-other', ip: '198.51.100.1' })
      } finally {
        await proxied.close()
      }
    })
  })

  describe('logout', () => {
    it('ends the session and clears the cookie', async () => {
      const cookie = cookieOf(await login('manager-1', t.password('manager')))
      const out = await t.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
      expect(out.status).toBe(200)
      expect(out.headers.get('set-cookie')).toMatch(/^cockpit_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/)
      expect((await t.request('/api/auth/me', { headers: { cookie } })).status).toBe(401)
    })

    it('logs out everywhere: every session of the user ends, other users keep theirs', async () => {
      const first = cookieOf(await login('manager-1', t.password('manager')))
      const second = cookieOf(await login('manager-1', t.password('manager')))
      const other = await t.cookie('analyst')
      const out = await t.request('/api/auth/logout-all', { method: 'POST', headers: { cookie: first } })
      expect(await out.json()).toMatchObject({ signedOut: true, sessions: expect.any(Number) })
      expect((await t.request('/api/auth/me', { headers: { cookie: second } })).status).toBe(401)
      expect((await t.request('/api/auth/me', { headers: { cookie: other } })).status).toBe(200)
      const entries = await listAudit(t.runtime.appDb, { action: 'logout-all' })
      expect(entries[0]).toMatchObject({ actor: 'manager-1', detail: { sessions: expect.any(Number) } })
    })
  })
})
