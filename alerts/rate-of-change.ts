/**
 * Rate of change: units per minute between the latest value and the oldest one still inside the
 * rule's span. The points of the span sit in a queue; each is added and dropped once, so a value
 * costs O(1) amortised.
 */
import { compare, isClear, overshoot } from './compare.ts'
import type { Detector } from './detector.ts'
import type { RateOfChangeRule } from './rule.ts'

export interface RateState {
  times: number[]
  values: number[]
  /** Index of the oldest live point; the arrays are compacted when half of them is dead. */
  head: number
}

/** A rate over less than half the span says more about noise than about a trend. */
const MIN_COVERAGE = 0.5

function dropOld(state: RateState, from: number): void {
  while (state.head < state.times.length - 1 && state.times[state.head + 1]! <= from) state.head += 1
  if (state.head < 1024 || state.head * 2 < state.times.length) return
  state.times = state.times.slice(state.head)
  state.values = state.values.slice(state.head)
  state.head = 0
}

export const rateOfChangeDetector: Detector<RateOfChangeRule, RateState> = {
  init: () => ({ times: [], values: [], head: 0 }),
  observe(rule, state, ts, value) {
    state.times.push(ts)
    state.values.push(value)
    // Keep the newest point at or before the span's start, so the rate spans the whole span.
    dropOld(state, ts - rule.span)
    const elapsed = ts - state.times[state.head]!
    if (elapsed < rule.span * MIN_COVERAGE) return undefined
    const rate = ((value - state.values[state.head]!) / elapsed) * 60_000
    return { breach: compare(rule.op, rate, rule.value), clear: isClear(rule.op, rate, rule.clear ?? rule.value), value: rate, severity: overshoot(rule.op, rate, rule.value) }
  },
}
