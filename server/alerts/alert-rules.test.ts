/**
 * Alert rules over the real app (SQLite app database, the one error contract, the access
 * rules): create, read, save on a base version, enable and disable, versions, delete; a bad
 * rule answers 400 naming the field; only engineers (and admins) write; the audit log records it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const HOT = { name: 'M07 hot', kind: 'threshold', source: 'sensors.windows_1m', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } }

const call = (role: Role, path: string, method?: string, body?: unknown): Promise<Response> => t.requestAs(role, path, method, body)

describe('alert rules', () => {
  it('creates, reads, saves on a base version, disables and deletes a rule, with its versions', async () => {
    const created = await call('engineer', '/api/alerts/rules', 'POST', HOT)
    expect(created.status).toBe(201)
    const rule = await created.json()
    expect(rule).toMatchObject({ name: 'M07 hot', kind: 'threshold', severity: 'critical', enabled: true, version: 1, builtin: false, createdBy: 'engineer-1' })
    expect(rule.rule).toEqual(HOT)

    const saved = await call('engineer', `/api/alerts/rules/${rule.id}`, 'PUT', { rule: { ...HOT, value: 95, enabled: false }, baseVersion: 1 })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ version: 2, enabled: false, rule: { value: 95 } })

    const stale = await call('engineer', `/api/alerts/rules/${rule.id}`, 'PUT', { rule: HOT, baseVersion: 1 })
    expect(stale.status).toBe(409)
    expect((await stale.json()).error).toMatchObject({ code: 'conflict', field: 'baseVersion' })

    const versions = await (await call('analyst', `/api/alerts/rules/${rule.id}/versions`)).json()
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])

    const list = await (await call('manager', '/api/alerts/rules')).json()
    expect(list.rules.map((r: { id: number }) => r.id)).toContain(rule.id)

    expect((await call('engineer', `/api/alerts/rules/${rule.id}`, 'DELETE')).status).toBe(204)
    expect((await call('engineer', `/api/alerts/rules/${rule.id}`)).status).toBe(404)

    const audit = await t.runtime.appDb.selectFrom('audit_log').select(['action', 'actor']).where('action', 'like', 'alert-rule.%').execute()
    expect(audit.map((entry) => entry.action)).toEqual(['alert-rule.create', 'alert-rule.save', 'alert-rule.delete'])
  })

  it('answers a bad rule 400 naming the field, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...HOT, value: 'hot' }, 'value'],
      [{ ...HOT, field: 'avg_f' }, 'field'],
      [{ ...HOT, for: 'two minutes' }, 'for'],
      [{ ...HOT, clear: 99 }, 'clear'],
      [{ name: 'x', kind: 'stale' }, 'after'],
    ]
    for (const [body, field] of cases) {
      const response = await call('engineer', '/api/alerts/rules', 'POST', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = (await response.json()).error
      expect(error).toMatchObject({ code: 'bad-request', field })
      expect(error.message).toMatch(new RegExp(`^${field}: `))
    }
    const created = await (await call('engineer', '/api/alerts/rules', 'POST', HOT)).json()
    const nested = await call('engineer', `/api/alerts/rules/${created.id}`, 'PUT', { rule: { ...HOT, value: null }, baseVersion: 1 })
    expect(nested.status).toBe(400)
    expect((await nested.json()).error.field).toBe('rule.value')
    expect((await (await call('engineer', `/api/alerts/rules/${created.id}`)).json()).version).toBe(1)
  })

  it('lets engineers and admins write rules; analysts and managers only read them', async () => {
    for (const role of ['analyst', 'manager'] as const) {
      expect((await call(role, '/api/alerts/rules', 'POST', HOT)).status, role).toBe(403)
      expect((await call(role, '/api/alerts/rules')).status, role).toBe(200)
    }
    expect((await call('admin', '/api/alerts/rules', 'POST', HOT)).status).toBe(201)
  })
})
