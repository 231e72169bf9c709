/**
 * Backtest firings counted per plant-local day (by when they started), every day of the range
 * present — a day with none is a zero bar, not a gap.
 */
import { plantDayOf } from '../../../cells/index.ts'

export interface DayCount {
  day: string
  firings: number
}

const DAY_MS = 86_400_000

export function firingsPerDay(starts: readonly number[], from: number, to: number, plantTz: string): DayCount[] {
  const counts = new Map<string, number>()
  // Step by half days so that a 23- or 25-hour day (DST) is never skipped.
  for (let t = from; t < to; t += DAY_MS / 2) counts.set(plantDayOf(new Date(t), plantTz), 0)
  // The range's last instant may fall on a day the half-day steps passed over.
  if (to > from) counts.set(plantDayOf(new Date(to - 1), plantTz), 0)
  for (const start of starts) {
    const day = plantDayOf(new Date(start), plantTz)
    counts.set(day, (counts.get(day) ?? 0) + 1)
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([day, firings]) => ({ day, firings }))
}
