import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { evaluate, initialState } from './evaluate.ts'
import { parseRule } from './parse-rule.ts'
import { MINUTE, reading, series, T0 } from './testdata/inputs.ts'

const hot = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '2m', severity: 'critical' })

describe('a threshold rule', () => {
  it('goes pending, fires once the condition held for its pending period, and resolves past the clear level', () => {
    const { transitions } = backtest(hot, series([80, 91, 92, 93, 88, 87, 91, 84, 80]))
    expect(transitions.map((t) => [t.to, (t.at - T0) / MINUTE, t.value])).toEqual([
      ['pending', 1, 91],
      ['firing', 3, 93],
      // 88 and 87 lie between the clear level (85) and the threshold (90): still firing — hysteresis.
      ['resolved', 7, 84],
    ])
    expect(transitions[1]).toMatchObject({ rule: 'hot', key: 'M07/M07-T1', since: T0 + 3 * MINUTE, peak: 93, severity: 'critical', labels: { machine_id: 'M07', sensor_id: 'M07-T1' } })
    expect(transitions[2]).toMatchObject({ since: T0 + 3 * MINUTE, peak: 93 })
  })

  it('falls back from pending without firing when the condition breaks early', () => {
    const { transitions, firings } = backtest(hot, series([91, 92, 89, 91]))
    expect(transitions.map((t) => t.to)).toEqual(['pending', 'inactive', 'pending'])
    expect(firings).toEqual([])
  })

  it('fires at once without a pending period, and keeps the peak', () => {
    const rule = parseRule({ name: 'cold', kind: 'threshold', source: 'sensors.readings', op: '<', value: 50 })
    const { firings } = backtest(rule, series([60, 40, 30, 45, 55, 49]))
    expect(firings).toEqual([
      { start: T0 + MINUTE, end: T0 + 4 * MINUTE, labels: { machine_id: 'M07', sensor_id: 'M07-T1' }, peak: 30 },
      { start: T0 + 5 * MINUTE, end: null, labels: { machine_id: 'M07', sensor_id: 'M07-T1' }, peak: 49 },
    ])
  })

  it('keeps one lifecycle per series and sees only the series of its scope', () => {
    const rule = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, filter: { machine_id: ['M07', 'M08'] } })
    const inputs = [reading(0, 95), reading(0, 95, { machine_id: 'M09', sensor_id: 'M09-T1' }), reading(1, 80, { machine_id: 'M08', sensor_id: 'M08-T1' }), reading(2, 99, { machine_id: 'M08', sensor_id: 'M08-T1' })]
    const { firings, state } = backtest(rule, inputs)
    expect(firings.map((f) => f.labels.sensor_id)).toEqual(['M07-T1', 'M08-T1'])
    expect([...state.series.keys()]).toEqual(['M07/M07-T1', 'M08/M08-T1'])
  })

  it('groups per machine when asked, and adds its own labels', () => {
    const rule = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, by: 'machine', labels: { team: 'furnace' } })
    const { firings } = backtest(rule, [reading(0, 95), reading(1, 96, { sensor_id: 'M07-T2' })])
    expect(firings).toEqual([{ start: T0, end: null, labels: { team: 'furnace', machine_id: 'M07' }, peak: 96 }])
  })

  it('reads a window aggregate from sensors.windows_1m, and ignores readings then', () => {
    const rule = parseRule({ name: 'hot', kind: 'threshold', field: 'max_c', op: '>', value: 90 })
    const window = { kind: 'window' as const, ts: T0 + MINUTE, start: T0, machine_id: 'M07', sensor_id: 'M07-T1', n: 60, min_c: 80, max_c: 95, avg_c: 85, stddev_c: 2, first_c: 81, last_c: 84 }
    expect(evaluate(rule, initialState(), reading(0, 99)).transitions).toEqual([])
    expect(evaluate(rule, initialState(), window).transitions.map((t) => [t.to, t.value])).toEqual([['firing', 95]])
  })

  it('skips a reading older than or as old as the last one of its series (event-time order)', () => {
    const { transitions } = backtest(hot, [reading(0, 95), reading(1, 95), reading(1, 80), reading(0, 80), reading(3, 96)])
    expect(transitions.map((t) => [t.to, (t.at - T0) / MINUTE])).toEqual([['pending', 0], ['firing', 3]])
  })

  it('does nothing while disabled', () => {
    const rule = parseRule({ name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, enabled: false })
    expect(backtest(rule, series([95, 96])).transitions).toEqual([])
  })
})
