/**
 * Errors placed at their field: checkRule's `[{field, message}]` in the browser and the server's
 * 400 (`"value: expected number; for: …"`, possibly under `rule.`) both become one map from the
 * form's keys to messages. What names no form field stays under '' and shows above the form.
 */
import { checkRule, type RuleSpec } from '../../../alerts/index.ts'
import type { ApiProblem } from '../lib/api.ts'

export type FieldMessages = Record<string, string>

/** A rule path as the form keys it: `filter.machine_id` stays, `filter.machine_id.0` and `rule.value` shorten. */
function formKey(path: string): string {
  const parts = path.replace(/^(body\.)?rule\.?/, '').split('.').filter((part) => part !== '' && !/^\d+$/.test(part))
  return parts[0] === 'filter' ? parts.slice(0, 2).join('.') : (parts[0] ?? '')
}

function add(messages: FieldMessages, path: string, message: string): void {
  const key = formKey(path)
  messages[key] = messages[key] === undefined ? message : `${messages[key]}; ${message}`
}

/** Undefined when the rule is valid. */
export function checkFields(spec: RuleSpec): FieldMessages | undefined {
  const result = checkRule(spec)
  if (result.ok) return undefined
  const messages: FieldMessages = {}
  for (const { field, message } of result.error.fields) add(messages, field, message)
  return messages
}

/** The server's 400: `field` names one, the message may name several as `path: message; …`. */
export function serverFields(problem: ApiProblem): FieldMessages {
  const messages: FieldMessages = {}
  const parts = problem.message.split(/;\s+/)
  for (const part of parts) {
    const match = /^([\w.]+):\s+(.*)$/.exec(part)
    if (match) add(messages, match[1]!, match[2]!)
    else add(messages, problem.field ?? '', part)
  }
  return messages
}
