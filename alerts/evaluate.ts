/**
 * The one evaluation of alert rules, for live streams and backtests alike:
 * `evaluate(rule, state, input) → {state, transitions}`. Inputs come in event-time order; every
 * series of the rule keeps its own detector state and lifecycle. The state is the caller's and is
 * updated in place (10,000 readings a second allow no copy per reading); the same inputs in the
 * same order always give the same transitions, which is what makes a backtest a faithful replay.
 */
import type { Detector } from './detector.ts'
import { deviationDetector } from './deviation.ts'
import { flatlineDetector } from './flatline.ts'
import type { AlertInput, RowsInput, SeriesInput } from './input.ts'
import { advance, initialLifecycle, type Lifecycle, type Signal, type Step } from './lifecycle.ts'
import { rateOfChangeDetector } from './rate-of-change.ts'
import type { Rule, Severity, SqlRule, StreamRule } from './rule.ts'
import { inScope, seriesKey, seriesLabels, type Labels } from './series-key.ts'
import { sqlRowsSignals } from './sql-rows.ts'
import { staleDetector } from './stale.ts'
import { thresholdDetector } from './threshold.ts'

export interface Transition {
  rule: string
  /** The series: `machine/sensor`, `machine`, or a SQL rule's label values. */
  key: string
  labels: Labels
  to: Step
  /** Event time of the input that caused it. */
  at: number
  /** Start of what this step belongs to: the pending period, or the firing alert. */
  since: number
  /** The measured quantity at `at` (value, rate, z-score, age in s, spread). */
  value: number
  /** The measured quantity where the alert was worst so far. */
  peak: number
  severity: Severity
}

export interface SeriesState {
  labels: Labels
  /** Event time of the newest input taken; an older or repeated one is skipped (event-time order). */
  lastTs: number
  life: Lifecycle
  detector: unknown
}

export interface RuleState {
  series: Map<string, SeriesState>
}

export interface Evaluation {
  state: RuleState
  transitions: Transition[]
}

export function initialState(): RuleState {
  return { series: new Map() }
}

// The detector of each stream kind; `any` because the table pairs each kind with its own rule and
// state types, which one Record type cannot say (each entry is checked where it is defined).
const DETECTORS: Record<StreamRule['kind'], Detector<any, any>> = {
  threshold: thresholdDetector,
  rate_of_change: rateOfChangeDetector,
  deviation: deviationDetector,
  stale: staleDetector,
  flatline: flatlineDetector,
}

/** A flatline's `for` is its span, already waited for by the detector. */
function pendingOf(rule: Rule): number {
  return rule.kind === 'flatline' ? 0 : rule.for
}

function transitionsOf(rule: Rule, key: string, series: SeriesState, steps: Step[], signal: Signal, at: number): Transition[] {
  return steps.map((to) => ({
    rule: rule.name,
    key,
    labels: series.labels,
    to,
    at,
    since: to === 'firing' || to === 'resolved' ? series.life.firingSince : series.life.pendingSince,
    value: signal.value,
    peak: series.life.peak,
    severity: rule.severity,
  }))
}

function step(rule: Rule, key: string, series: SeriesState, signal: Signal | undefined, at: number): Transition[] {
  if (signal === undefined) return []
  const steps = advance(series.life, signal, at, pendingOf(rule))
  return steps.length === 0 ? [] : transitionsOf(rule, key, series, steps, signal, at)
}

function readsInput(rule: StreamRule, input: SeriesInput): boolean {
  return input.kind === 'reading' ? rule.source === 'sensors.readings' : rule.source === 'sensors.windows_1m'
}

function fieldValue(rule: StreamRule, input: SeriesInput): number {
  if (rule.kind === 'stale') return Number.NaN
  return (input as unknown as Record<string, number>)[rule.field] ?? Number.NaN
}

/** A series seen for the first time, or restored (./restore.ts): a fresh detector, nothing taken yet. */
export function newSeries(rule: Rule, labels: Labels): SeriesState {
  return { labels, lastTs: Number.NEGATIVE_INFINITY, life: initialLifecycle(), detector: rule.kind === 'sql' ? null : DETECTORS[rule.kind].init(rule) }
}

function evaluateSeries(rule: StreamRule, state: RuleState, input: SeriesInput): Transition[] {
  if (!readsInput(rule, input) || !inScope(rule, input)) return []
  const value = fieldValue(rule, input)
  if (rule.kind !== 'stale' && !Number.isFinite(value)) return []
  const key = seriesKey(rule, input)
  let series = state.series.get(key)
  if (series === undefined) {
    series = newSeries(rule, seriesLabels(rule, input))
    state.series.set(key, series)
  }
  if (input.ts <= series.lastTs) return []
  series.lastTs = input.ts
  return step(rule, key, series, DETECTORS[rule.kind].observe(rule, series.detector, input.ts, value), input.ts)
}

function evaluateTick(rule: StreamRule, state: RuleState, ts: number): Transition[] {
  const tick = DETECTORS[rule.kind].tick
  if (tick === undefined) return []
  const transitions: Transition[] = []
  for (const [key, series] of state.series) transitions.push(...step(rule, key, series, tick(rule, series.detector, ts), ts))
  return transitions
}

function evaluateRows(rule: SqlRule, state: RuleState, input: RowsInput): Transition[] {
  const transitions: Transition[] = []
  for (const { key, labels, signal } of sqlRowsSignals(rule, state.series.keys(), input.rows)) {
    let series = state.series.get(key)
    if (series === undefined) {
      series = { labels, lastTs: input.ts, life: initialLifecycle(), detector: null }
      state.series.set(key, series)
    }
    transitions.push(...step(rule, key, series, signal, input.ts))
    // A key that is quiet again needs no memory until a row brings it back.
    if (series.life.phase === 'inactive') state.series.delete(key)
  }
  return transitions
}

function transitionsFor(rule: Rule, state: RuleState, input: AlertInput): Transition[] {
  if (rule.kind === 'sql') return input.kind === 'rows' ? evaluateRows(rule, state, input) : []
  if (input.kind === 'tick') return evaluateTick(rule, state, input.ts)
  if (input.kind === 'rows') return []
  return evaluateSeries(rule, state, input)
}

/** Feeds one input to a rule; disabled rules see nothing. */
export function evaluate(rule: Rule, state: RuleState, input: AlertInput): Evaluation {
  if (!rule.enabled) return { state, transitions: [] }
  return { state, transitions: transitionsFor(rule, state, input) }
}
