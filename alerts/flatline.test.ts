import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { parseRule } from './parse-rule.ts'
import { MINUTE, series, T0 } from './testdata/inputs.ts'

describe('a flatline rule', () => {
  const stuck = parseRule({ name: 'stuck', kind: 'flatline', source: 'sensors.readings', epsilon: 0.1, for: '5m' })

  it('fires once the spread over a whole span stays below epsilon, and clears when it widens', () => {
    const values = [70, 71, 70.5, 70.52, 70.55, 70.5, 70.53, 70.51, 70.5, 70.7, 72, 72, 72]
    const { transitions, firings } = backtest(stuck, series(values))
    // Flat from minute 2; the span (5 min) is flat at minute 7 and widened by 70.7 at minute 9.
    expect(transitions.map((t) => [t.to, (t.at - T0) / MINUTE])).toEqual([['firing', 7], ['resolved', 9]])
    expect(firings[0]!.peak).toBeCloseTo(0.05)
  })

  it('needs a full span, and three values in it', () => {
    expect(backtest(stuck, series([70, 70, 70, 70])).transitions).toEqual([])
    const hourly = parseRule({ name: 'stuck', kind: 'flatline', source: 'sensors.readings', epsilon: 0.1, for: '30m' })
    const inputs = [0, 60, 120].map((minute) => ({ ...series([70])[0]!, ts: T0 + minute * MINUTE }))
    expect(backtest(hourly, inputs).transitions).toEqual([])
  })

  it('keeps the span of a long series bounded (sliding extremes)', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 70 : 71))
    const { state } = backtest(stuck, series(values))
    const span = [...state.series.values()][0]!.detector as { times: number[] }
    expect(span.times.length).toBeLessThan(2100)
  })
})
