/**
 * Alert rules as the API takes them (issue 15), normalised once by zod into complete typed
 * objects: durations in milliseconds, defaults filled in, fields checked against their source.
 * Evaluators, backtests and templates only ever see the output type `Rule`.
 */
import { z } from 'zod'
import { durationSchema, positiveDurationSchema } from './duration.ts'
import { DEFAULT_SOURCE, isFieldOf, SOURCE_FIELDS, SOURCES } from './source.ts'

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const OPS = ['>', '>=', '<', '<='] as const
export type Op = (typeof OPS)[number]

/** The labels a series carries; a scope filter and the `by` grouping speak of these. */
export const LABEL_NAMES = ['machine_id', 'sensor_id', 'line'] as const
export type LabelName = (typeof LABEL_NAMES)[number]

const labelValues = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])

const common = {
  name: z.string().trim().min(1, 'a rule needs a name'),
  severity: z.enum(SEVERITIES).default('warning'),
  /** Pending period: the condition must hold this long before the alert fires. */
  for: durationSchema.default(0),
  /** Extra labels copied onto every alert of the rule (team, runbook, …). */
  labels: z.record(z.string(), z.string()).default({}),
  enabled: z.boolean().default(true),
}

const streamCommon = {
  ...common,
  source: z.enum(SOURCES).default(DEFAULT_SOURCE),
  /** Scope: only series whose labels match every entry (a value or a list of values). */
  filter: z.strictObject({ machine_id: labelValues.optional(), sensor_id: labelValues.optional(), line: labelValues.optional() }).default({}),
  /** One series per sensor (default) or per machine. */
  by: z.enum(['sensor', 'machine']).default('sensor'),
}

const fieldDefault = z.string().min(1).optional()

export const thresholdRuleSchema = z.strictObject({
  ...streamCommon,
  kind: z.literal('threshold'),
  field: fieldDefault,
  op: z.enum(OPS),
  value: z.number(),
  /** Hysteresis: a firing alert resolves only once the value is back past this level. */
  clear: z.number().optional(),
})

export const rateOfChangeRuleSchema = z.strictObject({
  ...streamCommon,
  kind: z.literal('rate_of_change'),
  field: fieldDefault,
  op: z.enum(OPS),
  /** Degrees per minute; negative for a fall (`"op": "<", "value": -2`). */
  value: z.number(),
  span: positiveDurationSchema.default(5 * 60_000),
  clear: z.number().optional(),
})

export const deviationRuleSchema = z.strictObject({
  ...streamCommon,
  kind: z.literal('deviation'),
  field: fieldDefault,
  z: z.number().positive().default(4),
  baseline: positiveDurationSchema.default(6 * 3_600_000),
  direction: z.enum(['both', 'above', 'below']).default('both'),
  /** Hysteresis: a firing alert resolves once |z| falls below this (default half of `z`). */
  clearZ: z.number().nonnegative().optional(),
  /** Smallest standard deviation the baseline is taken to have, in the field's unit (default 1 % of the baseline mean's magnitude). */
  minStd: z.number().positive().optional(),
})

export const staleRuleSchema = z.strictObject({
  ...streamCommon,
  kind: z.literal('stale'),
  source: z.enum(SOURCES).default('sensors.readings'),
  after: positiveDurationSchema,
})

export const flatlineRuleSchema = z.strictObject({
  ...streamCommon,
  kind: z.literal('flatline'),
  field: fieldDefault,
  epsilon: z.number().positive(),
  /** The span over which the spread must stay below epsilon. */
  for: positiveDurationSchema,
})

export const sqlRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('sql'),
  sql: z.string().trim().min(1, 'a SQL rule needs a query'),
  every: positiveDurationSchema,
  /** The result columns that key an alert; every returned row is a firing alert. */
  labels: z.array(z.string().min(1)).min(1, 'name at least one label column'),
})

const ruleUnion = z.discriminatedUnion('kind', [thresholdRuleSchema, rateOfChangeRuleSchema, deviationRuleSchema, staleRuleSchema, flatlineRuleSchema, sqlRuleSchema])

type Parsed = z.output<typeof ruleUnion>

/** The default field of a source: the reading itself, or a window's mean. */
function defaultField(source: (typeof SOURCES)[number]): string {
  return source === 'sensors.readings' ? 'temperature_c' : 'avg_c'
}

function withField<T extends Parsed>(rule: T): T {
  if (rule.kind === 'sql' || rule.kind === 'stale') return rule
  return { ...rule, field: rule.field ?? defaultField(rule.source) }
}

export const ruleSchema = ruleUnion
  .superRefine((rule, context) => {
    if (rule.kind === 'sql' || rule.kind === 'stale' || rule.field === undefined) return
    if (!isFieldOf(rule.source, rule.field)) context.addIssue({ code: 'custom', path: ['field'], message: `${rule.source} has no field "${rule.field}"; one of ${SOURCE_FIELDS[rule.source].join(', ')}` })
  })
  .superRefine((rule, context) => {
    if ((rule.kind !== 'threshold' && rule.kind !== 'rate_of_change') || rule.clear === undefined) return
    const above = rule.op === '>' || rule.op === '>='
    if (above ? rule.clear > rule.value : rule.clear < rule.value) context.addIssue({ code: 'custom', path: ['clear'], message: `must be ${above ? 'at or below' : 'at or above'} value (${rule.value}) for "${rule.op}", or the alert could never resolve` })
  })
  .transform((rule) => withField(rule) as Rule)

type WithField<T> = T extends { field?: string | undefined } ? Omit<T, 'field'> & { field: string } : T

/** A complete, normalised rule: durations in ms, defaults filled in, `field` always set. */
export type Rule = WithField<Parsed>
export type RuleSpec = z.input<typeof ruleUnion>
export type RuleKind = Rule['kind']
export type StreamRule = Exclude<Rule, { kind: 'sql' }>
export type ThresholdRule = Extract<Rule, { kind: 'threshold' }>
export type RateOfChangeRule = Extract<Rule, { kind: 'rate_of_change' }>
export type DeviationRule = Extract<Rule, { kind: 'deviation' }>
export type StaleRule = Extract<Rule, { kind: 'stale' }>
export type FlatlineRule = Extract<Rule, { kind: 'flatline' }>
export type SqlRule = Extract<Rule, { kind: 'sql' }>
