/**
 * The server's door for a rule from a request: alerts/ checkRule, its first field at fault turned
 * into the one API error (400 `bad-request` naming the field, under `prefix` when the rule is
 * nested in the body).
 */
import { checkRule, type Rule } from '../../alerts/index.ts'
import { ApiError } from '../http/api-error.ts'

export function requireValidRule(spec: unknown, prefix = ''): Rule {
  const result = checkRule(spec)
  if (result.ok) return result.rule
  const first = result.error.fields[0]
  const field = [prefix, first?.field ?? ''].filter((part) => part !== '').join('.') || 'body'
  const message = first === undefined ? result.error.message : first.message
  throw new ApiError(400, 'bad-request', `${field}: ${message}`, { field })
}
