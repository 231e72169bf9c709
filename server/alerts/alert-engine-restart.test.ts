/**
 * The alert engine across a restart, over the real app database: a second engine — the next
 * process — carries on from the alerts the first left pending or firing. One alert, no second
 * `firing` (so no second notification), resolved normally; a pending period continues from its
 * recorded start; the peak reached before a clean stop survives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadingInput } from '../../alerts/index.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { AlertBus } from './alert-bus.ts'
import { AlertEngine } from './alert-engine.ts'
import type { AlertEvent } from './alert-schemas.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

const T0 = Date.parse('2026-12-01T06:00:00Z')
const HOT = { name: 'M07 hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '2m', severity: 'critical', filter: { machine_id: 'M07' } }
const reading = (minute: number, temperature_c: number, machine_id = 'M07'): ReadingInput => ({ kind: 'reading', ts: T0 + minute * 60_000, machine_id, sensor_id: `${machine_id}-T1`, temperature_c })

/** A process's engine over the shared app database; answers it and the events it publishes. */
async function startEngine(): Promise<{ engine: AlertEngine; events: AlertEvent[] }> {
  const events: AlertEvent[] = []
  const bus = new AlertBus((error) => {
    throw error
  })
  bus.subscribe((event) => events.push(event))
  const engine = new AlertEngine({ db: t.runtime.appDb, bus, clock: () => T0, onError: (error) => {
    throw error
  } })
  await engine.reload()
  return { engine, events }
}

async function feed(engine: AlertEngine, ...readings: ReadingInput[]): Promise<void> {
  for (const r of readings) engine.onReading(r)
  await engine.flush()
}

const alertsOf = async (ruleId: number) => t.runtime.appDb.selectFrom('alerts').select(['id', 'key', 'state', 'since', 'peak']).where('rule_id', '=', ruleId).orderBy('id').execute()
const eventsOf = async (ruleId: number) => (await t.runtime.appDb.selectFrom('alert_events').select(['alert_id', 'key', 'to_state']).where('rule_id', '=', ruleId).orderBy('id').execute()).map((e) => `${e.key} ${e.to_state}`)

describe('the alert engine across a restart', () => {
  it('carries on firing and pending alerts from the app database: one alert each, no second transition, resolved normally', async () => {
    const cookie = await t.cookie('engineer')
    const created = await t.request('/api/alerts/rules', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ ...HOT, filter: { machine_id: ['M07', 'M08'] } }) })
    const ruleId = (await created.json()).id as number

    const first = await startEngine()
    // M07 fires at minute 3 and reaches 99; M08 turns pending at minute 4.
    await feed(first.engine, reading(0, 80), reading(1, 95), reading(2, 96), reading(3, 97), reading(4, 99), reading(4, 93, 'M08'))
    await first.engine.recordPeaks()
    expect(await eventsOf(ruleId)).toEqual(['M07/M07-T1 pending', 'M07/M07-T1 firing', 'M08/M08-T1 pending'])
    const before = await alertsOf(ruleId)

    const second = await startEngine()
    await feed(second.engine, reading(5, 95), reading(5, 94, 'M08'))
    // Nothing changed state: no event, no notification; the same two alerts, M07's peak kept.
    expect(second.events).toEqual([])
    expect(await alertsOf(ruleId)).toEqual(before)
    expect(before.map((alert) => [alert.key, alert.state, alert.peak])).toEqual([
      ['M07/M07-T1', 'firing', 99],
      ['M08/M08-T1', 'pending', 93],
    ])

    // M08's pending period counts from minute 4, recorded by the first process: it fires at 6.
    await feed(second.engine, reading(6, 92, 'M08'), reading(6, 84))
    expect(second.events.map((event) => `${event.key} ${event.to} ${event.alertId}`)).toEqual([`M08/M08-T1 firing ${before[1]!.id}`, `M07/M07-T1 resolved ${before[0]!.id}`])
    expect((await alertsOf(ruleId)).map((alert) => [alert.id, alert.state, alert.since])).toEqual([
      [before[0]!.id, 'resolved', new Date(T0 + 3 * 60_000).toISOString()],
      [before[1]!.id, 'firing', new Date(T0 + 6 * 60_000).toISOString()],
    ])
    expect(await eventsOf(ruleId)).toEqual(['M07/M07-T1 pending', 'M07/M07-T1 firing', 'M08/M08-T1 pending', 'M08/M08-T1 firing', 'M07/M07-T1 resolved'])
  })
})
