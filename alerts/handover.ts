/**
 * A rule's state when the stream partitions its series are read from move between instances
 * (several instances in one consumer group, each evaluating only what it reads). Series not fed
 * from a partition this instance owns are forgotten — no transition: their alerts are the new
 * owner's to carry on or resolve, and a stale rule must not take a sensor that is read elsewhere
 * now for a silent one. Then every alert the app database holds pending or firing for a series
 * not kept is restored as at start-up (./restore.ts): the instance that gains a partition carries
 * its alerts on — no second alert, no second `firing` — and the one that lost it holds them
 * dormant (no input reaches them; a restored stale series waits for its next value).
 */
import type { RuleState } from './evaluate.ts'
import { restoredState, type ActiveAlert } from './restore.ts'
import type { Rule } from './rule.ts'

/** Updates `state` in place: keeps the series `owned` says are fed here, restores `active` alerts of the others. */
export function handOver(rule: Rule, state: RuleState, owned: (key: string) => boolean, active: readonly ActiveAlert[]): void {
  for (const key of [...state.series.keys()]) if (!owned(key)) state.series.delete(key)
  const restored = restoredState(rule, active.filter((alert) => !state.series.has(alert.key)))
  for (const [key, series] of restored.series) state.series.set(key, series)
}
