import { describe, expect, it } from 'vitest'
import type { AlertEvent, FiringSpan } from '../alerts/alert-types.ts'
import { applyAlertEvent, concerns, dropEndedBefore, labelRows, mergeFirings, spansInWindow } from './firing-spans.ts'

const T = Date.parse('2026-12-03T10:00:00Z')
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString()
const firing = (alertId: number, start: number, end: number | null, more: Partial<FiringSpan> = {}): FiringSpan => ({
  alertId, ruleId: 1, ruleName: 'M01 hot', severity: 'warning', start: at(start), end: end === null ? null : at(end), labels: { machine_id: 'M01', sensor_id: 'M01-T1' }, peak: 91, ...more,
})
const event = (alertId: number, to: AlertEvent['to'], minutes: number): AlertEvent => ({
  alertId, ruleId: 1, ruleName: 'M01 hot', key: 'M01/M01-T1', labels: { machine_id: 'M01', sensor_id: 'M01-T1' }, to, at: at(minutes), value: 90.5, peak: 92, severity: 'warning', silenced: false,
})

describe('firings on a chart', () => {
  it('concern the sensor they name, or every sensor of the machine they name', () => {
    expect(concerns(firing(1, 0, null), { sensorIds: ['M01-T1'], machineIds: ['M01'] })).toBe(true)
    expect(concerns(firing(1, 0, null), { sensorIds: ['M01-T2'], machineIds: ['M01'] })).toBe(false)
    expect(concerns(firing(1, 0, null, { labels: { machine_id: 'M01' } }), { sensorIds: ['M01-T2'], machineIds: ['M01'] })).toBe(true)
    expect(concerns(firing(1, 0, null, { labels: { machine_id: 'M02' } }), { sensorIds: ['M01-T1'], machineIds: ['M01'] })).toBe(false)
    expect(concerns(firing(1, 0, null, { labels: { line: 'L1' } }), { sensorIds: ['M01-T1'], machineIds: ['M01'] })).toBe(false)
  })

  it('are clipped to the window; an open one runs to its end; those outside are left out', () => {
    const spans = spansInWindow([firing(1, -30, -20), firing(2, -12, -8), firing(3, -3, null), firing(4, 20, null)], T - 10 * 60_000, T)
    expect(spans.map(({ x1, x2, open }) => [(x1 - T) / 60_000, (x2 - T) / 60_000, open])).toEqual([[-10, -8, false], [-3, 0, true]])
  })

  it('of one rule are merged where they overlap, keeping the most severe; other rules stay apart', () => {
    const spans = spansInWindow(
      [firing(1, -9, -5), firing(2, -6, -2, { severity: 'critical', labels: { machine_id: 'M01' } }), firing(3, -1, null), firing(4, -8, -4, { ruleId: 2, ruleName: 'M01 flat' })],
      T - 10 * 60_000,
      T,
    )
    expect(spans.map((s) => [s.ruleName, (s.x1 - T) / 60_000, (s.x2 - T) / 60_000, s.severity])).toEqual([
      ['M01 hot', -9, -2, 'critical'],
      ['M01 flat', -8, -4, 'warning'],
      ['M01 hot', -1, 0, 'warning'],
    ])
  })

  it('open with a firing transition and close with its resolution; others change nothing', () => {
    let firings = applyAlertEvent([], event(7, 'pending', -2))
    expect(firings).toEqual([])
    firings = applyAlertEvent(firings, event(7, 'firing', -1))
    expect(firings).toMatchObject([{ alertId: 7, start: at(-1), end: null, ruleName: 'M01 hot' }])
    expect(applyAlertEvent(firings, event(7, 'firing', 0))).toEqual(firings)
    expect(applyAlertEvent(firings, event(7, 'acknowledged', 0))).toEqual(firings)
    expect(applyAlertEvent(firings, event(7, 'resolved', 0))).toMatchObject([{ alertId: 7, start: at(-1), end: at(0), peak: 92 }])
  })

  it('from the server merge with what the stream said, an end known on either side kept', () => {
    const streamed = [firing(2, -1, 0)]
    const fetched = [firing(1, -20, -15), firing(2, -1, null)]
    expect(mergeFirings(streamed, fetched).map((f) => [f.alertId, f.end])).toEqual([[1, at(-15)], [2, at(0)]])
    expect(dropEndedBefore(mergeFirings(streamed, fetched), T - 10 * 60_000).map((f) => f.alertId)).toEqual([2])
  })
})

describe('firing labels', () => {
  it('go on the first line where they fit, and are left out when every line is taken', () => {
    const rows = labelRows([{ x: 0, width: 100 }, { x: 20, width: 80 }, { x: 50, width: 60 }, { x: 105, width: 40 }, { x: 120, width: 10 }], 2)
    expect(rows).toEqual([0, 1, undefined, 0, 1])
  })
})
