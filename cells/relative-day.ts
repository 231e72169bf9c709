/**
 * A date input's default may be a day relative to the plant's today — `today`, `today-6`,
 * `today+1` — so that a notebook written once keeps showing recent days (a fixed date ages out
 * of the data a week later). Resolved against a `today` the caller gives (the plant-local day,
 * YYYY-MM-DD): cells/ has no clock.
 */
import { z } from 'zod'

const RELATIVE_DAY = /^today(?:([+-])(\d{1,4}))?$/
const DAY_MS = 86_400_000

export const dayDefaultSchema = z.union([z.iso.date(), z.string().regex(RELATIVE_DAY, 'expected YYYY-MM-DD, today, today-N or today+N')])

/**
 * The plant-local day of an instant, `YYYY-MM-DD`: "today" for the server's runs and the
 * editor alike (en-CA writes ISO order; only the digits are used, never shown to anyone).
 */
export function plantDayOf(instant: Date, plantTz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: plantTz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)
}

/** The day a default names, `YYYY-MM-DD`. */
export function resolveDay(value: string, today: string): string {
  const relative = RELATIVE_DAY.exec(value)
  if (relative === null) return value
  const days = relative[2] === undefined ? 0 : Number(relative[2]) * (relative[1] === '-' ? -1 : 1)
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whether `from` may come before `to`: known only when both are fixed or both relative. */
export function daysInOrder(from: string, to: string): boolean {
  const fixed = (value: string) => !RELATIVE_DAY.test(value)
  if (fixed(from) !== fixed(to)) return true
  const reference = '2000-01-01'
  return resolveDay(from, reference) <= resolveDay(to, reference)
}
