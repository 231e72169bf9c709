/**
 * Users, roles and sessions on the real `cockpit` process: embedded demo users (random
 * passwords, a 0600 file, printed once), `cockpit user` on the data dir, signing in over HTTP,
 * and every access rule answered per role by the running server.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessRules, ROLES, type AccessRule, type Role } from '../../server/auth/access-rules.ts'
import { bodyTypeOf } from '../../server/http/body-limits.ts'
import { runCockpit, serveCockpit, signIn, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

async function cli(args: string[], input?: string): Promise<{ code: number | null; output: string }> {
  const run = runCockpit(args, { COCKPIT_LOG_LEVEL: 'warn' }, input)
  const code = await run.exited
  return { code, output: run.output() }
}

describe('an embedded cockpit on first start', () => {
  let cockpit: ServedCockpit
  const users = {} as Record<Role, CockpitUser>
  beforeAll(async () => {
    cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
    for (const role of ROLES) users[role] = await cockpit.as(role)
  })
  afterAll(() => cockpit?.stop())

  it('creates one demo user per role with a random password, in a file only its owner can read, and logs them once', () => {
    const file = join(cockpit.dataDir, 'demo-users.txt')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'))
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['analyst analyst', 'manager manager', 'engineer engineer', 'admin admin'])
    const passwords = lines.map((line) => line.split(' ')[2]!)
    for (const password of passwords) expect(password).toMatch(/^[a-km-np-z2-9]{20}$/)
    expect(new Set(passwords).size).toBe(4)
    expect(cockpit.output()).toContain('demo users created, one per role')
    expect(cockpit.output().split(passwords[0]!).length - 1).toBe(1)
  })

  it('says who is signed in, and nobody without a session', async () => {
    expect(await (await users.engineer.api('/api/auth/me')).json()).toEqual({ username: 'engineer', role: 'engineer', via: 'session', tokenRoles: ['engineer', 'analyst'] })
    expect((await fetch(`${cockpit.url}/api/auth/me`)).status).toBe(401)
  })

  it('refuses a wrong password with 401 and no cookie', async () => {
    const response = await fetch(`${cockpit.url}/api/auth/login`, { method: 'POST', headers: { origin: cockpit.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'guessed-wrong' }) })
    expect(response.status).toBe(401)
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  const concrete = (path: string): string => path.replace(/:[A-Za-z]+/g, 'does-not-exist')
  const allowed = (rule: AccessRule, role: Role | undefined): boolean =>
    rule.access === 'public' || (role !== undefined && (rule.access === 'signed-in' || role === 'admin' || rule.access.includes(role)))

  // Logging out everywhere ends every session of a user, the shared ones too: those rules go last.
  const endsSessions = (rule: AccessRule): number => (rule.path.startsWith('/api/auth/logout') ? 1 : 0)
  const ordered = [...accessRules].sort((a, b) => endsSessions(a) - endsSessions(b))

  it.each(ordered.map((rule) => [`${rule.method} ${rule.path}`, rule] as const))('answers %s per role as its rule says', async (_name, rule) => {
    // A body of the type the route takes (a notebook import takes Markdown), so the body gate lets it through to the rule.
    const markdown = bodyTypeOf(concrete(rule.path)) === 'markdown'
    const init: RequestInit = { method: rule.method, headers: { 'content-type': markdown ? 'text/markdown' : 'application/json' }, ...(rule.method !== 'GET' && { body: markdown ? '# by role\n' : '{}' }) }
    const statuses: Record<string, number> = {}
    for (const role of [undefined, ...ROLES]) {
      // Logging out would end the shared session, so each role signs in afresh for these.
      const user = role === undefined ? undefined : rule.path.startsWith('/api/auth/logout') ? await signIn(cockpit.url, role, users[role]) : users[role]
      const response = user === undefined ? await fetch(`${cockpit.url}${concrete(rule.path)}`, { ...init, headers: { ...init.headers, origin: cockpit.url } }) : await user.api(concrete(rule.path), init)
      await response.body?.cancel()
      statuses[role ?? 'anonymous'] = response.status
    }
    for (const role of [undefined, ...ROLES]) {
      const status = statuses[role ?? 'anonymous']
      if (allowed(rule, role)) expect([401, 403], `${role ?? 'anonymous'} got ${status}`).not.toContain(status)
      else expect(status, `${role ?? 'anonymous'}`).toBe(role === undefined ? 401 : 403)
    }
  })
})

describe('cockpit user', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cockpit-users-'))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('is listed in the help', async () => {
    const { code, output } = await cli(['--help'])
    expect(code).toBe(0)
    expect(output).toMatch(/^ {2}user +Add, list, change or remove users/m)
    expect(output).toContain('cockpit user add <name> --role <role>')
  })

  it('adds a user with the password from stdin, lists, changes the role, and removes', async () => {
    expect(await cli(['user', 'add', 'ada', '--role', 'engineer', '--data-dir', dataDir], 'a-long-enough-password\n')).toEqual({ code: 0, output: 'added ada (engineer)\n' })
    expect(await cli(['user', 'add', 'root', '--role', 'admin', '--data-dir', dataDir], 'another-long-password\n')).toMatchObject({ code: 0 })
    const listed = await cli(['user', 'list', '--data-dir', dataDir])
    expect(listed.code).toBe(0)
    expect(listed.output).toMatch(/^ada +engineer +active/m)
    expect(await cli(['user', 'set-role', 'ada', 'analyst', '--data-dir', dataDir])).toEqual({ code: 0, output: 'ada is now analyst\n' })
    expect(await cli(['user', 'remove', 'ada', '--data-dir', dataDir])).toEqual({ code: 0, output: 'removed ada\n' })
    expect((await cli(['user', 'list', '--data-dir', dataDir])).output).not.toContain('ada')
  })

  it.each([
    [['user', 'add', 'bob'], '', /^cockpit: --role is required: one of analyst, manager, engineer, admin\n$/],
    [['user', 'add', 'bob', '--role', 'boss'], '', /^cockpit: unknown role 'boss': expected one of analyst, manager, engineer, admin\n$/],
    [['user', 'add', 'bob', '--role', 'analyst'], 'short\n', /^cockpit: invalid password for 'bob': a password needs at least 10 characters\n$/],
    [['user', 'set-role', 'bob'], '', /^cockpit: wrong number of arguments/],
  ])('%j exits 2 with one line', async (args, input, message) => {
    const { code, output } = await cli([...args, ...(args.includes('--data-dir') ? [] : ['--data-dir', dataDir])], input)
    expect(code).toBe(2)
    expect(output).toMatch(message)
  })

  it('refuses to remove or demote the last admin, and a second user of the same name', async () => {
    expect(await cli(['user', 'remove', 'root', '--data-dir', dataDir])).toEqual({ code: 1, output: "cockpit: 'root' is the last enabled admin; make another user admin first\n" })
    expect(await cli(['user', 'set-role', 'root', 'manager', '--data-dir', dataDir])).toMatchObject({ code: 1 })
    expect(await cli(['user', 'add', 'ROOT', '--role', 'analyst', '--data-dir', dataDir], 'a-long-enough-password\n')).toEqual({ code: 1, output: "cockpit: a user named 'ROOT' exists already\n" })
  })
})
