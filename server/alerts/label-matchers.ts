/**
 * Whether a silence's label matchers all hold for an alert. `alertname` is the rule's name, as
 * in Alertmanager, so a silence can name a rule without knowing its id.
 */
import type { LabelMatcher } from './alert-schemas.ts'

export function matchesAll(matchers: readonly LabelMatcher[], labels: Record<string, string>, ruleName: string): boolean {
  const all: Record<string, string> = { ...labels, alertname: ruleName }
  return matchers.every((matcher) => ((all[matcher.label] ?? '') === matcher.value) === (matcher.op === '='))
}
