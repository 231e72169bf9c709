import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { parseRule } from './parse-rule.ts'
import { reading, T0, tick } from './testdata/inputs.ts'

const SECOND = 1000
const quiet = parseRule({ name: 'no readings', kind: 'stale', after: '60s', severity: 'critical' })

describe('a stale rule', () => {
  it('fires on the tick that finds a series silent for `after`, and resolves on its next reading', () => {
    const inputs = [reading(0, 70), tick(0.5), tick(1), tick(1.5), tick(2), reading(2.5, 71), tick(3), tick(3.5)]
    const { transitions, firings } = backtest(quiet, inputs)
    expect(transitions.map((t) => [t.to, (t.at - T0) / SECOND, t.value])).toEqual([
      ['firing', 60, 60],
      ['resolved', 150, 0],
      ['firing', 210, 60],
    ])
    expect(firings[0]).toMatchObject({ peak: 120, labels: { machine_id: 'M07', sensor_id: 'M07-T1' } })
  })

  it('watches every known series on a tick, each for itself, and none it never saw', () => {
    const other = { machine_id: 'M08', sensor_id: 'M08-T1' }
    const { firings } = backtest(quiet, [tick(5), reading(0, 70), reading(0.5, 70, other), reading(1.2, 70, other), tick(1.1), tick(2.3)])
    expect(firings.map((f) => [f.labels.sensor_id, (f.start - T0) / SECOND])).toEqual([['M07-T1', 66], ['M08-T1', 138]])
  })

  it('waits its pending period in ticks', () => {
    const rule = parseRule({ name: 'no readings', kind: 'stale', after: '60s', for: '60s' })
    const { transitions } = backtest(rule, [reading(0, 70), tick(1), tick(1.5), tick(2)])
    expect(transitions.map((t) => [t.to, (t.at - T0) / SECOND])).toEqual([['pending', 60], ['firing', 120]])
  })
})
