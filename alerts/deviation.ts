/**
 * Deviation: the z-score of the latest value — a reading, or the current window's aggregate with
 * source sensors.windows_1m — against a rolling baseline of the last N hours
 * (rolling-baseline.ts: O(1) per value; the newest bucket is left out, so a change cannot hide in
 * its own baseline). The spread it divides by is the larger of the baseline's own and the series'
 * usual one — the geometric mean of its baseline spreads over about a week (usual-spread.ts) —
 * because after hours of calm any ordinary wiggle is a "6σ" event against that calm alone. This
 * floor adapts to each series and its unit, so the defaults need no tuning per series; `minStd`
 * replaces it with a fixed one. A last-resort floor of 0.1 % of the mean's magnitude keeps a
 * perfectly constant baseline (a quantised sensor that sat on one value) from dividing by zero.
 * A baseline younger than half its span is not trusted yet.
 */
import type { Detector } from './detector.ts'
import type { Signal } from './lifecycle.ts'
import { addToBaseline, baselineStats, emptyBaseline, type RollingBaseline } from './rolling-baseline.ts'
import type { DeviationRule } from './rule.ts'
import { emptyUsualSpread, noteSpread, usualSpread, type UsualSpread } from './usual-spread.ts'

/** Buckets per baseline: a 6 h baseline moves in 10 min steps. */
export const BASELINE_BUCKETS = 36
const MIN_COVERAGE = 0.5
/** Fewer values say little about a spread (an hourly series with a 6 h baseline has 6). */
const MIN_COUNT = 5
const LAST_RESORT_FLOOR = 1e-3

export interface DeviationState {
  baseline: RollingBaseline
  usual: UsualSpread
}

export function deviationSignal(rule: DeviationRule, z: number): Signal {
  const magnitude = rule.direction === 'above' ? z : rule.direction === 'below' ? -z : Math.abs(z)
  const clearZ = rule.clearZ ?? rule.z / 2
  return { breach: magnitude >= rule.z, clear: magnitude < clearZ, value: z, severity: magnitude }
}

export const deviationDetector: Detector<DeviationRule, DeviationState> = {
  init: (rule) => ({ baseline: emptyBaseline(rule.baseline, BASELINE_BUCKETS), usual: emptyUsualSpread() }),
  observe(rule, state, ts, value) {
    addToBaseline(state.baseline, ts, value)
    const stats = baselineStats(state.baseline, ts)
    if (stats.coverage < MIN_COVERAGE || stats.count < MIN_COUNT) return undefined
    noteSpread(state.usual, state.baseline.open, state.baseline.bucketMs, stats.std)
    const floor = rule.minStd ?? Math.max(usualSpread(state.usual), LAST_RESORT_FLOOR * Math.abs(stats.mean))
    return deviationSignal(rule, (value - stats.mean) / Math.max(stats.std, floor, Number.MIN_VALUE))
  },
}
