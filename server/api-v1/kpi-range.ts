/**
 * The plant-local day range of a KPI request: both ends are calendar days, `to` is not before
 * `from`, and the range is at most a grain's maximum long (a year of days, a month of hours),
 * so one request cannot ask the server for years of hourly rows. Either end may be left out:
 * `to` defaults to the plant's today and `from` to the 6 days before `to`, so a bare request
 * answers the last 7 plant-local days, today included (what a dashboard's first look wants).
 */
import { z } from '@hono/zod-openapi'

export const MAX_DAYS = { daily: 366, hourly: 31 } as const
export type KpiGrain = keyof typeof MAX_DAYS

/** Days of a request that names neither end. */
export const DEFAULT_DAYS = 7

const DAY_MS = 86_400_000

/** Days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The range a request asks for, its missing ends filled in (see the file comment). */
export function resolveKpiRange(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const to = query.to ?? today
  return { from: query.from ?? addDays(to, -(DEFAULT_DAYS - 1)), to }
}

const isDayOrMissing = (day: unknown): boolean => day === undefined || z.iso.date().safeParse(day).success

/** `today` gives the plant's current day; it is asked at each validation. */
export function kpiRangeQuery<T extends z.ZodRawShape>(grain: KpiGrain, extra: T, today: () => string) {
  const day = (what: string, fallback: string, example: string) =>
    z.iso.date().optional().openapi({ description: `${what} plant-local day (YYYY-MM-DD), included. Default: ${fallback}.`, example })
  return z
    .object({
      from: day('First', `${DEFAULT_DAYS - 1} days before \`to\``, '2026-11-01'),
      to: day('Last', "the plant's today", '2026-11-30'),
      ...extra,
    })
    .superRefine((query, ctx) => {
      // A malformed end already has its own issue; the range of it means nothing (and would throw).
      const ends = query as { from?: string; to?: string }
      if (![ends.from, ends.to].every(isDayOrMissing)) return
      const { from, to } = resolveKpiRange(ends, today())
      const days = daysInRange(from, to)
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${to} < ${from})` })
      else if (days > MAX_DAYS[grain]) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_DAYS[grain]} days for ${grain} KPIs (got ${days})` })
    })
}
