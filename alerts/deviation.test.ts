import { describe, expect, it } from 'vitest'
import { backtest } from './backtest.ts'
import { parseRule } from './parse-rule.ts'
import { addToBaseline, baselineStats, emptyBaseline } from './rolling-baseline.ts'
import { MINUTE, reading, T0 } from './testdata/inputs.ts'

const HOUR = 60 * MINUTE

/** A deterministic wiggle in [-0.5, 0.5). */
function noise(i: number): number {
  return ((Math.sin(i * 12.9898) * 43_758.5453) % 1) - 0.5 * Math.sign(Math.sin(i * 12.9898))
}

function minutes(count: number, value: (minute: number) => number) {
  return Array.from({ length: count }, (_, minute) => reading(minute, value(minute)))
}

describe('the rolling baseline', () => {
  it('holds the mean and spread of the closed buckets of its span, as a direct computation does', () => {
    const baseline = emptyBaseline(6 * HOUR, 36)
    const points: [number, number][] = []
    for (let minute = 0; minute < 20 * 60; minute += 1) {
      const value = 80 + 5 * Math.sin(minute / 90) + noise(minute)
      addToBaseline(baseline, T0 + minute * MINUTE, value)
      points.push([T0 + minute * MINUTE, value])
    }
    const bucketMs = (6 * HOUR) / 36
    const open = Math.floor((T0 + (20 * 60 - 1) * MINUTE) / bucketMs)
    const inSpan = points.filter(([ts]) => Math.floor(ts / bucketMs) < open && Math.floor(ts / bucketMs) >= open - 36).map(([, value]) => value)
    const mean = inSpan.reduce((sum, value) => sum + value, 0) / inSpan.length
    const std = Math.sqrt(inSpan.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (inSpan.length - 1))
    const stats = baselineStats(baseline, T0 + (20 * 60 - 1) * MINUTE)
    expect(stats.count).toBe(inSpan.length)
    expect(stats.mean).toBeCloseTo(mean, 9)
    expect(stats.std).toBeCloseTo(std, 9)
    expect(stats.coverage).toBe(1)
  })

  it('starts over after a gap longer than its span', () => {
    const baseline = emptyBaseline(HOUR, 6)
    for (let minute = 0; minute < 60; minute += 1) addToBaseline(baseline, T0 + minute * MINUTE, 50)
    addToBaseline(baseline, T0 + 5 * HOUR, 90)
    const stats = baselineStats(baseline, T0 + 5 * HOUR)
    expect([stats.count, stats.coverage]).toEqual([0, 0])
  })
})

describe('a deviation rule', () => {
  const rule = parseRule({ name: 'odd', kind: 'deviation', source: 'sensors.readings', z: 4, baseline: '6h', for: '10m' })

  it('stays quiet on an ordinary series, fires on a step once it held for the pending period, and resolves as the step ends', () => {
    const step = (minute: number) => (minute >= 8 * 60 && minute < 8 * 60 + 30 ? 12 : 0)
    const { firings, transitions } = backtest(rule, minutes(10 * 60, (minute) => 80 + noise(minute) + step(minute)))
    expect(transitions.map((t) => [t.to, (t.at - T0) / MINUTE])).toEqual([['pending', 480], ['firing', 490], ['resolved', 510]])
    expect(firings[0]!.peak).toBeGreaterThan(20)
  })

  it('says nothing while its baseline covers less than half its span', () => {
    expect(backtest(rule, minutes(2 * 60, (minute) => (minute < 100 ? 80 + noise(minute) : 120))).transitions).toEqual([])
  })

  it('watches one direction when asked', () => {
    const above = parseRule({ name: 'hot', kind: 'deviation', source: 'sensors.readings', direction: 'above', for: '0s' })
    expect(backtest(above, minutes(8 * 60, (minute) => 80 + noise(minute) - (minute > 7 * 60 ? 20 : 0))).firings).toEqual([])
  })

  it('takes the spread to be at least the usual one: a calm spell does not turn a normal wiggle into an alert', () => {
    // Two days of ±2 swings, six calm hours, then the old swings again.
    const swing = (minute: number) => 2 * Math.sin(minute / 7)
    const value = (minute: number) => 80 + (minute >= 48 * 60 && minute < 54 * 60 ? 0.05 * noise(minute) : swing(minute))
    const usual = parseRule({ name: 'odd', kind: 'deviation', source: 'sensors.readings', for: '0s' })
    expect(backtest(usual, minutes(56 * 60, value)).firings).toEqual([])
    const bare = parseRule({ name: 'odd', kind: 'deviation', source: 'sensors.readings', minStd: 0.01, for: '0s' })
    expect(backtest(bare, minutes(56 * 60, value)).firings.length).toBeGreaterThan(0)
  })

  it('does not divide by zero after a perfectly constant baseline', () => {
    expect(backtest(rule, minutes(8 * 60, (minute) => (minute < 7 * 60 ? 21 : 21.01))).firings).toEqual([])
    const { firings } = backtest(rule, minutes(8 * 60, (minute) => (minute < 7 * 60 ? 21 : 30)))
    expect(firings).toHaveLength(1)
    expect(Number.isFinite(firings[0]!.peak)).toBe(true)
  })
})
