/**
 * Built-in rule templates: sensible general defaults, the same for every series (never tuned to
 * one recording). A template is a rule spec; `fromTemplate` applies overrides and validates.
 */
import { parseRule } from './parse-rule.ts'
import type { Rule, RuleSpec } from './rule.ts'

export interface Template {
  id: string
  title: string
  /** What the user must still give (e.g. a threshold's value), beyond the series to watch. */
  needs: readonly string[]
  spec: RuleSpec
}

export const TEMPLATES = [
  {
    id: 'deviation',
    title: 'deviation (6 h baseline, 4σ, for 15 min)',
    needs: [],
    spec: { name: 'deviation from the last 6 h', kind: 'deviation', field: 'avg_c', z: 4, baseline: '6h', for: '15m', severity: 'warning' },
  },
  {
    id: 'threshold',
    title: 'threshold (above a value for 2 min)',
    needs: ['value'],
    spec: { name: 'above a limit', kind: 'threshold', field: 'avg_c', op: '>', value: 90, for: '2m', severity: 'critical' },
  },
  {
    id: 'rate-of-change',
    title: 'rate of change (faster than 2 °/min over 10 min)',
    needs: [],
    spec: { name: 'changing fast', kind: 'rate_of_change', field: 'avg_c', op: '>', value: 2, span: '10m', for: '0s', severity: 'warning' },
  },
  {
    id: 'flatline',
    title: 'flatline (spread below 0.01 for 30 min)',
    needs: [],
    spec: { name: 'sensor stuck', kind: 'flatline', field: 'avg_c', epsilon: 0.01, for: '30m', severity: 'warning' },
  },
  {
    id: 'stale',
    title: 'stale 60 s',
    needs: [],
    spec: { name: 'no readings', kind: 'stale', after: '60s', severity: 'warning' },
  },
] as const satisfies readonly Template[]

export type TemplateId = (typeof TEMPLATES)[number]['id']

/** The template's rule with `overrides` on top (name, field, source, filter, value, …), validated. */
export function fromTemplate(id: TemplateId, overrides: Record<string, unknown> = {}): Rule {
  const template = TEMPLATES.find((candidate) => candidate.id === id)!
  return parseRule({ ...template.spec, ...overrides })
}
