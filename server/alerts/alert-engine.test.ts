/**
 * The alert engine fed as the sensor pipeline will feed it (one call per reading, window or
 * tick), over the real app: pending → firing → resolved recorded as alerts and events, scope
 * and rule changes respected; acknowledgements by engineers only; the events exported to the
 * catalog's alerts.events and queryable through /api/query; the SSE stream tells them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadingInput } from '../../alerts/index.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const T0 = Date.parse('2026-12-01T06:00:00Z')
const HOT = { name: 'M07 hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } }

const call = (role: Role, path: string, method?: string, body?: unknown): Promise<Response> => t.requestAs(role, path, method, body)

const reading = (minute: number, temperature_c: number, machine_id = 'M07'): ReadingInput => ({ kind: 'reading', ts: T0 + minute * 60_000, machine_id, sensor_id: `${machine_id}-T1`, temperature_c })

function feed(...readings: ReadingInput[]): Promise<void> {
  for (const r of readings) t.alerts.engine.onReading(r)
  return t.alerts.engine.flush()
}

describe('the alert engine', () => {
  let ruleId: number

  it('records pending → firing → resolved from a test feed, only in scope', async () => {
    ruleId = (await (await call('engineer', '/api/alerts/rules', 'POST', HOT)).json()).id
    await feed(reading(0, 80), reading(1, 95), reading(1, 99, 'M08'), reading(2, 96))
    const pending = await (await call('manager', '/api/alerts?state=active')).json()
    expect(pending.alerts).toHaveLength(1)
    expect(pending.alerts[0]).toMatchObject({ ruleId, ruleName: 'M07 hot', state: 'pending', key: 'M07/M07-T1', labels: { machine_id: 'M07', sensor_id: 'M07-T1' }, severity: 'critical', since: new Date(T0 + 60_000).toISOString(), acknowledged: null })

    await feed(reading(3, 97), reading(4, 88))
    const firing = (await (await call('analyst', '/api/alerts?state=firing')).json()).alerts
    expect(firing).toHaveLength(1)
    expect(firing[0]).toMatchObject({ state: 'firing', since: new Date(T0 + 3 * 60_000).toISOString(), peak: 97 })

    await feed(reading(5, 84))
    const resolved = (await (await call('engineer', '/api/alerts?state=resolved')).json()).alerts
    expect(resolved.map((alert: { id: number }) => alert.id)).toEqual([firing[0].id])
    const events = await t.runtime.appDb.selectFrom('alert_events').select(['to_state', 'at']).orderBy('id').execute()
    expect(events.map((event) => event.to_state)).toEqual(['pending', 'firing', 'resolved'])
  })

  it('drops a pending alert that falls back before firing, keeping its events', async () => {
    await feed(reading(10, 95), reading(11, 80))
    expect((await (await call('engineer', '/api/alerts?state=active')).json()).alerts).toEqual([])
    const events = await t.runtime.appDb.selectFrom('alert_events').select('to_state').orderBy('id').execute()
    expect(events.slice(-2).map((event) => event.to_state)).toEqual(['pending', 'inactive'])
  })

  it('lets engineers acknowledge a firing alert with a comment; managers cannot; a resolved one is a conflict', async () => {
    await feed(reading(20, 95), reading(22, 96))
    const [alert] = (await (await call('engineer', '/api/alerts?state=firing')).json()).alerts
    expect((await call('manager', `/api/alerts/${alert.id}/ack`, 'POST', { comment: 'on it' })).status).toBe(403)
    const empty = await call('engineer', `/api/alerts/${alert.id}/ack`, 'POST', { comment: ' ' })
    expect(empty.status).toBe(400)
    expect((await empty.json()).error.field).toBe('comment')
    const acked = await call('engineer', `/api/alerts/${alert.id}/ack`, 'POST', { comment: 'cooling valve opened' })
    expect(acked.status).toBe(200)
    expect((await acked.json()).acknowledged).toMatchObject({ by: 'engineer-1', comment: 'cooling valve opened' })
    await feed(reading(23, 80))
    const late = await call('engineer', `/api/alerts/${alert.id}/ack`, 'POST', { comment: 'late' })
    expect(late.status).toBe(409)
    expect((await call('engineer', '/api/alerts/999999/ack', 'POST', { comment: 'x' })).status).toBe(404)
  })

  it('stops evaluating a disabled rule', async () => {
    const rule = await (await call('engineer', `/api/alerts/rules/${ruleId}`)).json()
    expect((await call('engineer', `/api/alerts/rules/${ruleId}`, 'PUT', { rule: { ...HOT, enabled: false }, baseVersion: rule.version })).status).toBe(200)
    const before = await t.runtime.appDb.selectFrom('alert_events').select('id').execute()
    await feed(reading(30, 99), reading(33, 99))
    expect(await t.runtime.appDb.selectFrom('alert_events').select('id').execute()).toHaveLength(before.length)
  })

  it('exports every event to alerts.events, queryable through /api/query, once', async () => {
    const count = await t.runtime.appDb.selectFrom('alert_events').select('id').execute()
    expect(await t.alerts.exportEvents()).toBe(count.length)
    expect(await t.alerts.exportEvents()).toBe(0)
    const response = await call('analyst', '/api/query', 'POST', { sql: "select state, machine_id, rule_name from alerts.events where state in ('firing', 'acknowledged') order by event_id" })
    expect(response.status).toBe(200)
    const result = await response.json()
    expect(result.rows).toEqual([['firing', 'M07', 'M07 hot'], ['firing', 'M07', 'M07 hot'], ['acknowledged', 'M07', 'M07 hot']])
  })

  it('streams recorded events over /api/stream/alerts', async () => {
    const response = await call('manager', '/api/stream/alerts')
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const rule = await (await call('engineer', `/api/alerts/rules/${ruleId}`)).json()
    await call('engineer', `/api/alerts/rules/${ruleId}`, 'PUT', { rule: HOT, baseVersion: rule.version })
    const read = async (until: string): Promise<void> => {
      while (!text.includes(until)) text += decoder.decode((await reader.read()).value)
    }
    await read('event: hello')
    await feed(reading(40, 95))
    await read('"to":"pending"')
    await reader.cancel()
    expect(text).toMatch(/event: alert\ndata: \{"alertId":\d+,"ruleId":\d+,"ruleName":"M07 hot"/)
  })
})
