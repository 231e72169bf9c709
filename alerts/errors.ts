/** The domain errors of alerts/, with guards, so callers catch exactly these and rethrow the rest. */
import type { FieldError } from '../cells/index.ts'

/** A rule that does not validate; `fields` names each field at fault for the editor and the API. */
export class RuleError extends Error {
  override readonly name = 'RuleError'
  constructor(
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message)
  }
}

export function isRuleError(error: unknown): error is RuleError {
  return error instanceof RuleError
}
