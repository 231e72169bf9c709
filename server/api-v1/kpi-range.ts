/**
 * The plant-local day range of a KPI request: both ends are calendar days, `to` is not before
 * `from`, and the range is at most a grain's maximum long (a year of days, a month of hours),
 * so one request cannot ask the server for years of hourly rows.
 */
import { z } from '@hono/zod-openapi'

export const MAX_DAYS = { daily: 366, hourly: 31 } as const
export type KpiGrain = keyof typeof MAX_DAYS

const DAY_MS = 86_400_000

/** Days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1
}

export function kpiRangeQuery<T extends z.ZodRawShape>(grain: KpiGrain, extra: T) {
  const day = (what: string, example: string) =>
    z.iso.date().openapi({ description: `${what} plant-local day (YYYY-MM-DD), included.`, example })
  return z
    .object({ from: day('First', '2026-11-01'), to: day('Last', '2026-11-30'), ...extra })
    .superRefine((query, ctx) => {
      const { from, to } = query as { from: string; to: string }
      const days = daysInRange(from, to)
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
      else if (days > MAX_DAYS[grain]) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_DAYS[grain]} days for ${grain} KPIs (got ${days})` })
    })
}
