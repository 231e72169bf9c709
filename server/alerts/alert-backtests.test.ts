/**
 * Backtests through the API over a recorded failure (NAB machine temperature, committed to the
 * catalog as sensors.readings): the firings equal alerts/ backtest folding the same readings —
 * one implementation for live and backtest — with firings per day and the data thinned for the
 * chart, and the same firings as the engine fed the same readings live; bad ranges and rules
 * are 400 naming the field; managers may not backtest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backtest, parseRule, type ReadingInput } from '../../alerts/index.ts'
import { commitNabReadings } from '../../test/fixtures/nab-catalog.ts'
import type { RecordedSeries } from '../../test/fixtures/nab-series.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'

let t: TestApp
let series: RecordedSeries
beforeAll(async () => {
  t = await openTestApp()
  series = await commitNabReadings(t.runtime.catalog)
}, 120_000)
afterAll(() => t?.close())

const SENSOR = 'machine_temperature_system_failure'
const DEVIATION = { name: 'odd', kind: 'deviation', source: 'sensors.readings', z: 4, baseline: '6h', for: '10m' }
const RANGE = { from: '2013-12-05T00:00:00Z', to: '2013-12-20T00:00:00Z' }

async function call(role: Role, path: string, body: unknown): Promise<Response> {
  return t.request(path, { method: 'POST', headers: { cookie: await t.cookie(role), 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

/** What alerts/ answers over the same readings, in event-time order from the warm-up on. */
function expected(spec: unknown, from: number, to: number) {
  const readings: ReadingInput[] = series.timestamps
    .map((ts, i) => ({ kind: 'reading' as const, ts, machine_id: 'nab', sensor_id: SENSOR, temperature_c: series.values[i]! }))
    .filter((reading) => reading.ts >= from && reading.ts < to)
    .sort((a, b) => a.ts - b.ts)
  return backtest(parseRule(spec), readings).firings.filter((firing) => firing.end === null || firing.end >= Date.parse(RANGE.from))
}

describe('backtests', () => {
  it('answers the firings alerts/ finds on the same readings, per day, with the data thinned', async () => {
    const response = await call('analyst', '/api/alerts/backtest', { rule: DEVIATION, ...RANGE })
    expect(response.status).toBe(200)
    const result = await response.json()
    const want = expected(DEVIATION, Date.parse(RANGE.from) - 6 * 3_600_000, Date.parse(RANGE.to))
    expect(want.length).toBeGreaterThan(0)
    expect(result.firings).toEqual(want.map((firing) => ({ start: new Date(firing.start).toISOString(), end: firing.end === null ? null : new Date(firing.end).toISOString(), labels: firing.labels, peak: firing.peak })))
    expect(result.perDay).toHaveLength(15)
    expect(result.perDay.reduce((sum: number, day: { firings: number }) => sum + day.firings, 0)).toBe(result.firings.filter((f: { start: string }) => f.start >= RANGE.from).length)
    expect(result.source).toBe('sensors.readings')
    expect(result.series).toHaveLength(1)
    expect(result.series[0].labels).toEqual({ machine_id: 'nab', sensor_id: SENSOR })
    expect(result.series[0].points.length).toBeLessThanOrEqual(1_000)
    expect(result.series[0].points.length).toBeGreaterThan(500)
    // The thinning keeps each bucket's extremes: the lowest reading of the range is drawn.
    const inRange = series.values.filter((_, i) => series.timestamps[i]! >= Date.parse(RANGE.from) && series.timestamps[i]! < Date.parse(RANGE.to))
    expect(Math.min(...result.series[0].points.map((p: [number, number]) => p[1]))).toBe(Math.min(...inRange))
  })

  it('backtests a stored rule, enabled or not, and a threshold finds the December failures', async () => {
    const spec = { name: 'cold', kind: 'threshold', source: 'sensors.readings', op: '<', value: 50, clear: 60, for: '15m', enabled: false }
    const created = await (await call('engineer', '/api/alerts/rules', spec)).json()
    const response = await call('analyst', `/api/alerts/rules/${created.id}/backtest`, RANGE)
    expect(response.status).toBe(200)
    const result = await response.json()
    const want = expected({ ...spec, enabled: true }, Date.parse(RANGE.from), Date.parse(RANGE.to))
    expect(result.firings.map((f: { start: string }) => f.start)).toEqual(want.map((f) => new Date(f.start).toISOString()))
    expect(result.firings.length).toBeGreaterThan(0)
  })

  it('refuses bad ranges and rules naming the field, and managers', async () => {
    const cases: [unknown, string][] = [
      [{ rule: DEVIATION, from: RANGE.to, to: RANGE.from }, 'to'],
      [{ rule: DEVIATION, from: '2013-12-01T00:00:00Z', to: '2014-02-01T00:00:00Z' }, 'to'],
      [{ rule: { ...DEVIATION, z: -1 }, ...RANGE }, 'rule.z'],
      [{ rule: DEVIATION, from: 'yesterday', to: RANGE.to }, 'from'],
    ]
    for (const [body, field] of cases) {
      const response = await call('engineer', '/api/alerts/backtest', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect((await response.json()).error.field).toBe(field)
    }
    expect((await call('manager', '/api/alerts/backtest', { rule: DEVIATION, ...RANGE })).status).toBe(403)
    expect((await call('engineer', '/api/alerts/rules/9999/backtest', RANGE)).status).toBe(404)
  })

  it('gives the same firings live as in the backtest: the recorded series replayed into the engine', async () => {
    const spec = { ...DEVIATION, name: 'odd live', filter: { sensor_id: SENSOR } }
    const rule = await (await call('engineer', '/api/alerts/rules', spec)).json()
    const backtested = await (await call('analyst', `/api/alerts/rules/${rule.id}/backtest`, RANGE)).json()
    const from = Date.parse(RANGE.from) - 6 * 3_600_000
    const readings = series.timestamps
      .map((ts, i) => ({ kind: 'reading' as const, ts, machine_id: 'nab', sensor_id: SENSOR, temperature_c: series.values[i]! }))
      .filter((reading) => reading.ts >= from && reading.ts < Date.parse(RANGE.to))
      .sort((a, b) => a.ts - b.ts)
    for (const reading of readings) t.alerts.engine.onReading(reading)
    await t.alerts.engine.flush()
    const events = await t.runtime.appDb.selectFrom('alert_events').select(['to_state', 'at']).where('rule_id', '=', rule.id).orderBy('id').execute()
    const live = events.filter((event) => event.to_state === 'firing').map((event) => event.at)
    expect(backtested.firings.length).toBeGreaterThan(0)
    expect(live).toEqual(backtested.firings.map((firing: { start: string }) => firing.start))
    const resolved = events.filter((event) => event.to_state === 'resolved').map((event) => event.at)
    expect(resolved).toEqual(backtested.firings.filter((firing: { end: string | null }) => firing.end !== null).map((firing: { end: string }) => firing.end))
  })
})
