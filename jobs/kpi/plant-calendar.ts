/**
 * Plant-local days and months, pure: which local days a range of instants touches, and each
 * touched month's bounds as instants (local midnight of its first day and of the next month's).
 */
import { isoUtc, localToUtc, naiveLocal } from '../plant-time.ts'

export interface PlantMonth {
  /** YYYY-MM */
  key: string
  /** Every local day of the month, YYYY-MM-DD. */
  days: string[]
  /** Local midnight starting the month, as an ISO instant. */
  from: string
  /** Local midnight starting the next month. */
  to: string
}

/** Local days from the day of `min` to the day of `max` plus `extraDays`, oldest first. */
export function plantDays(min: string, max: string, plantTz: string, extraDays = 0): string[] {
  const first = localDate(new Date(min), plantTz)
  const last = addDays(localDate(new Date(max), plantTz), extraDays)
  const days: string[] = []
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day)
  return days
}

export function monthsOf(days: string[], plantTz: string): PlantMonth[] {
  const keys = [...new Set(days.map((day) => day.slice(0, 7)))]
  return keys.map((key) => {
    const first = `${key}-01`
    const next = nextMonth(key)
    const monthDays: string[] = []
    for (let day = first; day < `${next}-01`; day = addDays(day, 1)) monthDays.push(day)
    return { key, days: monthDays, from: localMidnight(first, plantTz), to: localMidnight(`${next}-01`, plantTz) }
  })
}

function localDate(instant: Date, plantTz: string): string {
  return naiveLocal(instant.getTime(), plantTz).slice(0, 10)
}

function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + count)
  return date.toISOString().slice(0, 10)
}

function nextMonth(key: string): string {
  const [year, month] = key.split('-').map(Number) as [number, number]
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}

/** The instant of local midnight starting `day` in `plantTz`, as ISO-8601 UTC. */
export function localMidnight(day: string, plantTz: string): string {
  return isoUtc(localToUtc(day, '00:00:00', plantTz))
}

/**
 * What rebuilding the KPIs of some event-time ranges covers: the local days that hold the data
 * (what a rebuild reports: seven days of dumps are seven days), and the months to recompute —
 * theirs, plus the month of each range's following day, into which a state may run past midnight.
 * Each range counts on its own, so ranges far apart do not pull in the months between them.
 */
export function kpiCoverage(ranges: { min: string; max: string }[], plantTz: string): { days: string[]; months: PlantMonth[] } {
  const days = new Set<string>()
  const reach = new Set<string>()
  for (const range of ranges) {
    for (const day of plantDays(range.min, range.max, plantTz)) days.add(day)
    for (const day of plantDays(range.min, range.max, plantTz, 1)) reach.add(day)
  }
  return { days: [...days].sort(), months: monthsOf([...reach].sort(), plantTz) }
}
