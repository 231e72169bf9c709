/**
 * The evaluator's state of one rule rebuilt from the alerts a previous process left pending or
 * firing (issue 15: alerts carry on across a restart). Each becomes its series in the phase it
 * was in — a firing alert stays one alert, raising no second `firing`; a pending period keeps its
 * recorded start and fires once it has held for the rule's `for` counted from there. What the
 * app database does not hold starts afresh: the detectors (a deviation baseline warms up again, a
 * stale series is known from its next value, so the restart's gap is never taken for silence).
 * Inputs at or before an alert's last recorded transition were evaluated already and are skipped.
 */
import { overshoot } from './compare.ts'
import { newSeries, type RuleState } from './evaluate.ts'
import type { Rule } from './rule.ts'
import type { Labels } from './series-key.ts'

/** An alert as the app database keeps it: times in ms of event time. */
export interface ActiveAlert {
  key: string
  labels: Labels
  state: 'pending' | 'firing'
  /** Start of the pending period (pending) or of the firing (firing). */
  since: number
  /** Event time of its last recorded transition. */
  updatedAt: number
  peak: number | null
}

export function restoredState(rule: Rule, alerts: readonly ActiveAlert[]): RuleState {
  const state: RuleState = { series: new Map() }
  for (const alert of alerts) {
    const series = newSeries(rule, alert.labels)
    series.lastTs = alert.updatedAt
    const life = series.life
    life.phase = alert.state
    if (alert.state === 'pending') life.pendingSince = alert.since
    else life.firingSince = alert.since
    if (alert.peak !== null) {
      life.peak = alert.peak
      life.peakSeverity = peakSeverity(rule, alert.peak)
    }
    state.series.set(alert.key, series)
  }
  return state
}

/** How bad a peak was, as the rule's detector rates its values (larger is worse), so a later worse value still becomes the peak. */
export function peakSeverity(rule: Rule, peak: number): number {
  switch (rule.kind) {
    case 'threshold':
    case 'rate_of_change':
      return overshoot(rule.op, peak, rule.value)
    case 'flatline':
      return rule.epsilon - peak
    case 'stale':
      return peak * 1000
    case 'deviation':
    case 'sql':
      return Math.abs(peak)
  }
}
