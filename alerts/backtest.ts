/**
 * A backtest is the live evaluation folded over a recorded series: the same `evaluate`, the same
 * inputs in the same order, and the firing alerts collected as [{start, end, labels, peak}].
 */
import { evaluate, initialState, type RuleState, type Transition } from './evaluate.ts'
import type { AlertInput } from './input.ts'
import type { Rule } from './rule.ts'
import type { Labels } from './series-key.ts'

export interface Firing {
  /** When it began firing (the input that completed the pending period). */
  start: number
  /** When it resolved; null when it was still firing at the end of the range. */
  end: number | null
  labels: Labels
  peak: number
}

export interface Backtest {
  firings: Firing[]
  transitions: Transition[]
  state: RuleState
}

/** Pairs each firing step with its resolution, per series key. */
export function firingsOf(transitions: readonly Transition[]): Firing[] {
  const open = new Map<string, Firing>()
  const firings: Firing[] = []
  for (const transition of transitions) {
    if (transition.to === 'firing') {
      const firing: Firing = { start: transition.at, end: null, labels: transition.labels, peak: transition.peak }
      open.set(transition.key, firing)
      firings.push(firing)
    } else if (transition.to === 'resolved') {
      const firing = open.get(transition.key)
      if (firing === undefined) continue
      firing.end = transition.at
      firing.peak = transition.peak
      open.delete(transition.key)
    }
  }
  return firings
}

export function backtest(rule: Rule, inputs: Iterable<AlertInput>, state: RuleState = initialState()): Backtest {
  const transitions: Transition[] = []
  for (const input of inputs) {
    for (const transition of evaluate(rule, state, input).transitions) transitions.push(transition)
  }
  const firings = firingsOf(transitions)
  // An alert still firing at the end has its peak in the state, not in a resolution.
  for (const firing of firings) {
    if (firing.end !== null) continue
    const series = [...state.series.values()].find((candidate) => candidate.labels === firing.labels)
    if (series !== undefined) firing.peak = series.life.peak
  }
  return { firings, transitions, state }
}
