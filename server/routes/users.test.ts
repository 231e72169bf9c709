/**
 * The admins' user management and everyone's API tokens through the real app: what each call
 * changes, what it refuses, how sessions and tokens follow, and what the audit log records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let t: TestApp
  let admin: string
  beforeAll(async () => {
    t = await openTestApp(await database.env())
    admin = await t.cookie('admin')
  })
  afterAll(() => t?.close())

  const json = (method: string, body: unknown, cookie: string) => ({ method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const login = (username: string, password: string) =>
    t.app.request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })

  describe('/api/admin/users', () => {
    it('creates a user who can then sign in, and refuses duplicates and bad input naming the field', async () => {
      const created = await t.request('/api/admin/users', json('POST', { username: 'grace', password: 'grace-password', role: 'analyst' }, admin))
      expect(created.status).toBe(201)
      expect((await created.json()).user).toMatchObject({ username: 'grace', role: 'analyst', disabled: false })
      expect((await login('grace', 'grace-password')).status).toBe(200)
      expect((await t.request('/api/admin/users', json('POST', { username: 'Grace', password: 'grace-password', role: 'analyst' }, admin))).status).toBe(409)
      const badRole = await t.request('/api/admin/users', json('POST', { username: 'x', password: 'long-enough-pw', role: 'boss' }, admin))
      expect(badRole.status).toBe(400)
      expect((await badRole.json()).error).toMatchObject({ code: 'bad-request', field: 'role' })
      const shortPassword = await t.request('/api/admin/users', json('POST', { username: 'x', password: 'short', role: 'analyst' }, admin))
      expect(await shortPassword.json()).toEqual({ error: { code: 'bad-request', message: "invalid password for 'x': a password needs at least 10 characters" } })
    })

    it('lists users without their password hashes', async () => {
      const body = await (await t.request('/api/admin/users', { headers: { cookie: admin } })).json()
      expect(body.users.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin-1', 'grace']))
      expect(JSON.stringify(body)).not.toContain('argon2')
    })

    it('changes a role at once and ends the user’s sessions', async () => {
      const session = (await login('grace', 'grace-password')).headers.get('set-cookie')!.split(';')[0]!
      const changed = await t.request('/api/admin/users/grace', json('PATCH', { role: 'manager' }, admin))
      expect((await changed.json()).user).toMatchObject({ username: 'grace', role: 'manager' })
      expect((await t.request('/api/auth/me', { headers: { cookie: session } })).status).toBe(401)
      const again = await login('grace', 'grace-password')
      expect(await again.json()).toEqual({ username: 'grace', role: 'manager' })
    })

    it('disables a user, who then cannot sign in (the same answer as a wrong password), and resets a password', async () => {
      await t.request('/api/admin/users/grace', json('PATCH', { disabled: true }, admin))
      const refused = await login('grace', 'grace-password')
      expect([refused.status, await refused.json()]).toEqual([401, { error: { code: 'unauthorized', message: 'wrong username or password' } }])
      await t.request('/api/admin/users/grace', json('PATCH', { disabled: false, password: 'a-new-password' }, admin))
      expect((await login('grace', 'grace-password')).status).toBe(401)
      expect((await login('grace', 'a-new-password')).status).toBe(200)
      const empty = await t.request('/api/admin/users/grace', json('PATCH', {}, admin))
      expect(empty.status).toBe(400)
    })

    it('refuses to demote, disable or delete the last admin', async () => {
      for (const init of [json('PATCH', { role: 'analyst' }, admin), json('PATCH', { disabled: true }, admin), { method: 'DELETE', headers: { cookie: admin } }]) {
        const response = await t.request('/api/admin/users/admin-1', init)
        expect(response.status).toBe(409)
        expect((await response.json()).error).toEqual({ code: 'conflict', message: "'admin-1' is the last enabled admin; make another user admin first" })
      }
    })

    it('deletes a user, who then cannot sign in; an unknown user is 404', async () => {
      expect((await t.request('/api/admin/users/grace', { method: 'DELETE', headers: { cookie: admin } })).status).toBe(200)
      expect((await login('grace', 'a-new-password')).status).toBe(401)
      expect((await t.request('/api/admin/users/grace', { method: 'DELETE', headers: { cookie: admin } })).status).toBe(404)
    })

    it('records each change in the audit log, newest first, for admins', async () => {
      const { entries } = await (await t.request('/api/admin/audit?limit=50', { headers: { cookie: admin } })).json()
      const changes = entries.filter((e: { target: string; action: string }) => e.target === 'grace' && e.action.startsWith('user.'))
      expect(changes.map((e: { action: string }) => e.action)).toEqual(['user.remove', 'user.change', 'user.change', 'user.change', 'user.create'])
      expect(changes[1]).toMatchObject({ actor: 'admin-1', detail: { disabled: false, password: 'reset' } })
      expect(entries.some((e: { action: string; target: string }) => e.action === 'login-failed' && e.target === 'grace')).toBe(true)
      expect(entries[0].id).toBeGreaterThan(entries[1].id)
      expect((await t.request('/api/admin/audit?limit=lots', { headers: { cookie: admin } })).status).toBe(400)
    })
  })

  describe('/api/tokens', () => {
    it('creates a token shown once, which then works as a bearer token with its role', async () => {
      const engineer = await t.cookie('engineer')
      const created = await t.request('/api/tokens', json('POST', { name: 'grafana', role: 'analyst' }, engineer))
      expect(created.status).toBe(201)
      const { token, apiToken } = await created.json()
      expect(token).toMatch(/^[a-z2-9]{26}\.[a-z2-9]{26}$/)
      expect(apiToken).toMatchObject({ name: 'grafana', role: 'analyst', username: 'engineer-1' })
      const me = await t.app.request(`${ORIGIN}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
      expect(await me.json()).toEqual({ username: 'engineer-1', role: 'analyst', via: 'token', tokenRoles: [] })
      const listed = await (await t.request('/api/tokens', { headers: { cookie: engineer } })).json()
      expect(JSON.stringify(listed)).not.toContain(token.split('.')[1])
    })

    it('refuses a role above what the creator may grant', async () => {
      const response = await t.request('/api/tokens', json('POST', { name: 'too much', role: 'admin' }, await t.cookie('engineer')))
      expect(response.status).toBe(403)
      expect((await response.json()).error).toEqual({ code: 'forbidden', message: "role 'engineer' may create tokens with role engineer or analyst, not 'admin'" })
      expect((await t.request('/api/tokens', json('POST', { name: 'x', role: 'analyst' }, await t.cookie('manager')))).status).toBe(403)
    })

    it('lists only one’s own tokens, an admin everyone’s; revoking stops a token at once', async () => {
      const analyst = await t.cookie('analyst')
      const { token, apiToken } = await (await t.request('/api/tokens', json('POST', { name: 'script', role: 'analyst' }, analyst))).json()
      const own = await (await t.request('/api/tokens', { headers: { cookie: analyst } })).json()
      expect(own.tokens.map((x: { name: string }) => x.name)).toEqual(['script'])
      const all = await (await t.request('/api/tokens', { headers: { cookie: admin } })).json()
      expect(all.tokens.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['grafana', 'script']))
      expect((await t.request(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: { cookie: await t.cookie('manager') } })).status).toBe(404)
      expect((await t.request(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: { cookie: analyst } })).status).toBe(200)
      expect((await t.app.request(`${ORIGIN}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
      const { entries } = await (await t.request('/api/admin/audit?action=token.revoke', { headers: { cookie: admin } })).json()
      expect(entries[0]).toMatchObject({ actor: 'analyst-1', target: apiToken.id, detail: { name: 'script', owner: 'analyst-1' } })
    })
  })
})
