/** Turning a stored rule on or off is a save of its spec with `enabled` changed: a new version. */
import type { RuleSpec } from '../../../alerts/index.ts'
import type { AlertRule } from './alert-types.ts'
import { saveRule } from './alerts-api.ts'

export function withEnabled(spec: Record<string, unknown>, enabled: boolean): RuleSpec {
  const { enabled: _old, ...rest } = spec
  return (enabled ? rest : { ...rest, enabled: false }) as RuleSpec
}

export const setEnabled = (rule: AlertRule, enabled: boolean) => saveRule(rule.id, withEnabled(rule.rule, enabled), rule.version)
