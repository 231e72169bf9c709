/**
 * The one door for a rule from outside (API body, stored JSON, a template with overrides):
 * validate and normalise, or answer with every field at fault named.
 */
import { describeFieldErrors, fieldErrors } from '../cells/index.ts'
import { RuleError } from './errors.ts'
import { ruleSchema, type Rule } from './rule.ts'

export type RuleResult = { ok: true; rule: Rule } | { ok: false; error: RuleError }

export function checkRule(spec: unknown): RuleResult {
  const parsed = ruleSchema.safeParse(spec)
  if (parsed.success) return { ok: true, rule: parsed.data }
  return { ok: false, error: new RuleError(describeFieldErrors(parsed.error), fieldErrors(parsed.error)) }
}

/** The normalised rule, or a RuleError naming the fields at fault. */
export function parseRule(spec: unknown): Rule {
  const result = checkRule(spec)
  if (!result.ok) throw result.error
  return result.rule
}
