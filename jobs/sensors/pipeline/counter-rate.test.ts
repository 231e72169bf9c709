import { describe, expect, it } from 'vitest'
import { CounterRate } from './counter-rate.ts'

describe('CounterRate', () => {
  it('is 0 with fewer than two samples', () => {
    const rate = new CounterRate()
    expect(rate.perSecond()).toBe(0)
    rate.sample(0, 100)
    expect(rate.perSecond()).toBe(0)
  })

  it('is the growth per second since the process began while younger than the window', () => {
    const rate = new CounterRate({ windowMs: 60_000 })
    rate.sample(0, 0)
    rate.sample(5_000, 500)
    rate.sample(10_000, 2_000)
    expect(rate.perSecond()).toBe(200)
  })

  it('forgets growth older than the window', () => {
    const rate = new CounterRate({ windowMs: 60_000 })
    rate.sample(0, 0)
    rate.sample(10_000, 100_000)
    for (let at = 15_000; at <= 130_000; at += 5_000) rate.sample(at, 100_000 + (at - 10_000) / 10)
    // From 70 s to 130 s the counter grew 100 per second; the burst before is outside the minute.
    expect(rate.perSecond()).toBeCloseTo(100, 6)
  })

  it('tells the time its samples span, so a rate over a moment is not taken for a rate of zero', () => {
    const rate = new CounterRate({ windowMs: 60_000 })
    expect(rate.spanMs()).toBe(0)
    rate.sample(1_000, 7)
    rate.sample(1_005, 7)
    expect([rate.spanMs(), rate.perSecond()]).toEqual([5, 0])
    for (let at = 6_000; at <= 121_000; at += 5_000) rate.sample(at, 7 + at)
    // One sample at or before the window's start is kept: the span covers the whole minute.
    expect(rate.spanMs()).toBe(60_000)
  })
})
