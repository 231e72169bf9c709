/**
 * A cell's JSON spec as the author typed it, read through its cells/ zod schema once: the typed
 * spec, or a message naming the field at fault (or where the JSON breaks). The editor keeps the
 * text either way, so a half-typed spec is never lost.
 */
import type { z } from 'zod'
import { describeFieldErrors } from '../../../cells/index.ts'

export type Parsed<T> = { spec: T; problem?: undefined } | { spec?: undefined; problem: string }

export function parseSpec<T>(schema: z.ZodType<T>, text: string): Parsed<T> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return { problem: `not JSON: ${error.message}` }
    throw error
  }
  const result = schema.safeParse(raw)
  return result.success ? { spec: result.data } : { problem: describeFieldErrors(result.error) }
}
