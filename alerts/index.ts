/**
 * Alert rules, pure TypeScript shared by jobs (live evaluation), server (backtests, validation)
 * and web (the rule editor): the rule model and its validation, the evaluators as incremental
 * state machines, backtests, built-in templates and NAB scoring. No I/O, no `node:*`, no DOM; the
 * only package is zod. See docs/alerts.md.
 */
export { backtest, firingsOf } from './backtest.ts'
export type { Backtest, Firing } from './backtest.ts'
export { parseDuration } from './duration.ts'
export { restoredState } from './restore.ts'
export { handOver } from './handover.ts'
export type { ActiveAlert } from './restore.ts'
export { isRuleError, RuleError } from './errors.ts'
export { evaluate, initialState } from './evaluate.ts'
export type { Evaluation, RuleState, SeriesState, Transition } from './evaluate.ts'
export type { AlertInput, ReadingInput, RowsInput, SeriesInput, SeriesLabels, TickInput, WindowInput } from './input.ts'
export type { Phase, Signal, Step } from './lifecycle.ts'
export { detectionIndices, NAB_PROFILES, nabScore, pointWeights, probationLength, scaledSigmoid } from './nab-score.ts'
export type { CostProfile, NabScore, NabSeries, NabWindow, WindowScore } from './nab-score.ts'
export { checkRule, parseRule } from './parse-rule.ts'
export type { RuleResult } from './parse-rule.ts'
export { LABEL_NAMES, OPS, ruleSchema, SEVERITIES } from './rule.ts'
export type { DeviationRule, FlatlineRule, Op, RateOfChangeRule, Rule, RuleKind, RuleSpec, Severity, SqlRule, StaleRule, StreamRule, ThresholdRule } from './rule.ts'
export type { Labels } from './series-key.ts'
export { DEFAULT_SOURCE, SOURCE_FIELDS, SOURCES } from './source.ts'
export type { Source } from './source.ts'
export { fromTemplate, TEMPLATES } from './templates.ts'
export type { Template, TemplateId } from './templates.ts'
export { judgeFirings } from './labelled-windows.ts'
export type { LabelledReport, WindowCatch } from './labelled-windows.ts'
