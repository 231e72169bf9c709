/**
 * Flatline: the spread (max − min) of the values over the last `for` stays below epsilon — a stuck
 * sensor or a dead loop. The span itself is the waiting period, so it fires as soon as a full span
 * is flat and clears on the first value that widens the spread to epsilon. Two equal values make no
 * line: a span needs at least three, so a slow series (hourly) is not called stuck for repeating once.
 */
import type { Detector } from './detector.ts'
import type { FlatlineRule } from './rule.ts'
import { covers, emptySpan, pointsIn, pushSpan, spreadOf, type SlidingSpan } from './sliding-span.ts'

const MIN_POINTS = 3

export const flatlineDetector: Detector<FlatlineRule, SlidingSpan> = {
  init: () => emptySpan(),
  observe(rule, state, ts, value) {
    pushSpan(state, ts, value, rule.for)
    if (!covers(state, ts, rule.for) || pointsIn(state) < MIN_POINTS) return undefined
    const spread = spreadOf(state)
    return { breach: spread < rule.epsilon, clear: spread >= rule.epsilon, value: spread, severity: rule.epsilon - spread }
  },
}
