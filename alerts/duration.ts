/**
 * Rule durations as people write them ("60s", "2m", "6h", "1d", "500ms") → milliseconds, parsed
 * once at the rule boundary so evaluators only ever see numbers.
 */
import { z } from 'zod'

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/

/** The milliseconds of `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim())
  if (match === null) return undefined
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
}

/** A duration field: a string such as "2m" in, milliseconds out. */
export const durationSchema = z.string().transform((text, context) => {
  const ms = parseDuration(text)
  if (ms !== undefined) return ms
  context.addIssue({ code: 'custom', message: `"${text}" is not a duration: a number and a unit ms, s, m, h or d (e.g. "60s", "2m", "6h")` })
  return z.NEVER
})

/** A duration that must be longer than zero (a baseline, a span, a schedule). */
export const positiveDurationSchema = durationSchema.refine((ms) => ms > 0, 'must be longer than 0')
