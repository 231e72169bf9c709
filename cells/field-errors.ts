/**
 * A zod error as the fields at fault, for people: `marks.0.type: Invalid option: expected one
 * of …`. An unknown key is named itself (`marks.0.colour: unknown field`), not its parent, so
 * the message points at what to fix.
 */
import type { z } from 'zod'

export interface FieldError {
  /** Dot path from the validated object's root (`marks.0.type`); empty for the root itself. */
  field: string
  message: string
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }))
    return [{ field: path.join('.'), message: issue.message }]
  })
}

/** One line naming each field at fault, prefixed with where the value came from. */
export function describeFieldErrors(error: z.ZodError, prefix = ''): string {
  const at = (field: string): string => [prefix, field].filter((part) => part !== '').join('.')
  return fieldErrors(error).map(({ field, message }) => (at(field) === '' ? message : `${at(field)}: ${message}`)).join('; ')
}
