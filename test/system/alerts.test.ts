/**
 * Alerts on a real `cockpit` process (issue 15): the shipped pipeline rules are there on start,
 * a rule is created, refused with its field named, saved and backtested (an empty catalog answers
 * no firings, not an error); managers see rules and alerts but write nothing; silences and
 * contacts round-trip; the alert stream opens. Every answer is checked against /api/openapi.json
 * by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type Role, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
}, 300_000)
afterAll(async () => {
  await cockpit?.stop()
})

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const as = async (role: Role, path: string, init?: RequestInit): Promise<Response> => (await cockpit.as(role)).api(path, init)
const HOT = { name: 'M07 hot', kind: 'threshold', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } }

describe('alerts on a running cockpit', () => {
  it('ships the pipeline rules, and takes, refuses, saves and backtests a rule', async () => {
    const listed = await (await as('manager', '/api/alerts/rules')).json()
    expect(listed.rules.filter((rule: { builtin: boolean }) => rule.builtin)).toHaveLength(6)
    const refused = await as('engineer', '/api/alerts/rules', json('POST', { ...HOT, value: 'ninety' }))
    expect(refused.status).toBe(400)
    expect((await refused.json()).error.field).toBe('value')
    expect((await as('manager', '/api/alerts/rules', json('POST', HOT))).status).toBe(403)
    const created = await as('engineer', '/api/alerts/rules', json('POST', HOT))
    expect(created.status).toBe(201)
    const rule = await created.json()
    const saved = await as('engineer', `/api/alerts/rules/${rule.id}`, json('PUT', { rule: { ...HOT, value: 92 }, baseVersion: 1 }))
    expect((await saved.json()).version).toBe(2)
    const backtest = await as('analyst', `/api/alerts/rules/${rule.id}/backtest`, json('POST', { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }))
    expect(backtest.status).toBe(200)
    expect(await backtest.json()).toMatchObject({ firings: [], inputs: 0, perDay: [{ day: '2026-11-01', firings: 0 }] })
    expect((await as('manager', `/api/alerts/rules/${rule.id}/backtest`, json('POST', { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }))).status).toBe(403)
  }, 120_000)

  it('raises an alert from the replayed readings through the sensor pipeline, not a test feed', async () => {
    // Every replayed reading is above -1000 °C: the rule fires on the first reading of each sensor the replay sends.
    const always = { name: 'replayed readings', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity: 'info' }
    const created = await as('engineer', '/api/alerts/rules', json('POST', always))
    expect(created.status).toBe(201)
    const rule = await created.json()
    let firing: { ruleId: number; labels: Record<string, string>; value: number | null }[] = []
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((resolve) => setTimeout(resolve, 500))) {
      const { alerts } = await (await as('manager', '/api/alerts?state=firing')).json()
      firing = alerts.filter((alert: { ruleId: number }) => alert.ruleId === rule.id)
      if (firing.length > 0) break
    }
    expect(firing.length).toBeGreaterThan(0)
    expect(firing[0]!.labels).toMatchObject({ sensor_id: expect.any(String), machine_id: expect.any(String) })
    expect(typeof firing[0]!.value).toBe('number')
    expect((await as('engineer', `/api/alerts/rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204)
  }, 120_000)

  it('lists alerts for managers, round-trips silences and contacts, and opens the stream', async () => {
    expect((await (await as('manager', '/api/alerts?state=active')).json()).alerts).toEqual([])
    const silence = await as('engineer', '/api/alerts/silences', json('POST', { matchers: [{ label: 'machine_id', value: 'M07' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'maintenance' }))
    expect(silence.status).toBe(201)
    expect((await (await as('manager', '/api/alerts/silences')).json()).silences).toHaveLength(1)
    const contact = await as('engineer', '/api/alerts/contacts', json('POST', { name: 'pager', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }))
    expect(contact.status).toBe(201)
    const { id } = await contact.json()
    expect((await (await as('engineer', `/api/alerts/contacts/${id}/deliveries`)).json()).deliveries).toEqual([])
    expect((await as('engineer', `/api/alerts/contacts/${id}`, { method: 'DELETE' })).status).toBe(204)
    const stream = await as('manager', '/api/stream/alerts')
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/)
    const first = new TextDecoder().decode((await stream.body!.getReader().read()).value)
    expect(first).toContain('event: hello')
    await stream.body?.cancel().catch(() => undefined)
    const document = await (await fetch(`${cockpit.url}/api/openapi.json`)).json()
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/alerts')).sort()).toEqual([
      '/alerts',
      '/alerts/backtest',
      '/alerts/contacts',
      '/alerts/contacts/{id}',
      '/alerts/contacts/{id}/deliveries',
      '/alerts/firings',
      '/alerts/rules',
      '/alerts/rules/{id}',
      '/alerts/rules/{id}/backtest',
      '/alerts/rules/{id}/versions',
      '/alerts/silences',
      '/alerts/silences/{id}',
      '/alerts/{id}/ack',
    ])
  }, 120_000)
})
