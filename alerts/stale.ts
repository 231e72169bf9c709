/**
 * Stale: no value for a series for `after`. Only the event-time clock can tell, so ticks drive it;
 * the next value clears it. A series is known from its first value on.
 */
import type { Detector } from './detector.ts'
import type { StaleRule } from './rule.ts'

export interface StaleState {
  lastSeen: number
}

export const staleDetector: Detector<StaleRule, StaleState> = {
  init: () => ({ lastSeen: Number.NaN }),
  observe(_rule, state, ts) {
    state.lastSeen = Math.max(ts, Number.isNaN(state.lastSeen) ? ts : state.lastSeen)
    return { breach: false, clear: true, value: 0, severity: 0 }
  },
  tick(rule, state, ts) {
    if (Number.isNaN(state.lastSeen)) return undefined
    const age = ts - state.lastSeen
    return { breach: age >= rule.after, clear: age < rule.after, value: age / 1000, severity: age }
  },
}
