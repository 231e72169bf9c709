import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { parseRule } from './parse-rule.ts'
import { MINUTE, series, T0 } from './testdata/inputs.ts'

describe('a rate-of-change rule', () => {
  const rising = parseRule({ name: 'heating fast', kind: 'rate_of_change', source: 'sensors.readings', op: '>', value: 2, clear: 1, span: '5m', for: '1m' })

  it('measures units per minute over its span, waits for half a span of data, fires and resolves with hysteresis', () => {
    // Flat, then +3 °C a minute for a while, then +1.5 (between clear 1 and value 2), then flat.
    const values = [70, 70, 70, 70, 70, 73, 76, 79, 82, 85, 86.5, 88, 89.5, 91, 92.5, 92.5, 92.5, 92.5, 92.5, 92.5]
    const { transitions } = backtest(rising, series(values))
    expect(transitions.map((t) => [t.to, (t.at - T0) / MINUTE, Number(t.value.toFixed(2))])).toEqual([
      ['pending', 8, 2.4],
      ['firing', 9, 3],
      // 1.5 and 1.2 °C/min lie between clear (1) and value (2): still firing.
      ['resolved', 16, 0.9],
    ])
  })

  it('sees falls with a negative rate and "<"', () => {
    const falling = parseRule({ name: 'cooling fast', kind: 'rate_of_change', source: 'sensors.readings', op: '<', value: -5, span: '2m' })
    const { firings } = backtest(falling, series([90, 90, 90, 80, 70, 70, 70, 70]))
    expect(firings.map((f) => [(f.start - T0) / MINUTE, f.end === null ? null : (f.end - T0) / MINUTE, f.peak])).toEqual([[4, 5, -10]])
  })

  it('says nothing before half its span is covered', () => {
    expect(backtest(rising, series([70, 90])).transitions).toEqual([])
  })
})
