/**
 * A board's time range — a preset ("this shift", "today", "last 7 days") or `FROM..TO` — as the
 * instants and plant-local days it covers, at a given moment. Shifts are 06–14, 14–22 and 22–06
 * plant-local (the simulator's plant runs three shifts); days are plant-local days. Pure: the
 * moment and the zone are given.
 */
import { resolveDay } from '../../cells/index.ts'
import { badRequest } from '../http/api-error.ts'
import { TIME_PRESETS, type TimePreset } from './board-schemas.ts'

export interface ResolvedRange {
  /** First instant, included (ISO, UTC). */
  from: string
  /** Last instant, excluded (ISO, UTC). */
  to: string
  /** Plant-local days touched: what a date-range cell input receives. */
  fromDay: string
  toDay: string
}

const SHIFT_STARTS = [6, 14, 22] as const
const HOUR_MS = 3_600_000

export function resolveTimeRange(field: string, value: string, now: Date, plantTz: string): ResolvedRange {
  if ((TIME_PRESETS as readonly string[]).includes(value)) return resolvePreset(value as TimePreset, now, plantTz)
  const [from, to, ...rest] = value.split('..')
  if (from === undefined || to === undefined || rest.length > 0) throw badRequest(field, `expected one of ${TIME_PRESETS.join(', ')} or FROM..TO (dates or ISO instants), got ${JSON.stringify(value)}`)
  const start = instantOf(`${field}.from`, from, plantTz)
  // A day as the end includes the whole day.
  const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? instantOf(`${field}.to`, resolveDay(to, to), plantTz) + 24 * HOUR_MS : instantOf(`${field}.to`, to, plantTz)
  if (end <= start) throw badRequest(field, `${to} is not after ${from}`)
  return range(start, end, plantTz)
}

function resolvePreset(preset: TimePreset, now: Date, tz: string): ResolvedRange {
  const today = localDayStart(now.getTime(), tz)
  const day = 24 * HOUR_MS
  switch (preset) {
    case 'this-shift':
      return range(shiftStart(now.getTime(), tz), now.getTime(), tz)
    case 'last-shift': {
      const current = shiftStart(now.getTime(), tz)
      return range(shiftStart(current - 1, tz), current, tz)
    }
    case 'today':
      return range(today, now.getTime(), tz)
    case 'yesterday':
      return range(localDayStart(today - 1, tz), today, tz)
    case 'last-24-hours':
      return range(now.getTime() - day, now.getTime(), tz)
    case 'last-7-days':
      return range(localMidnight(shiftDay(plantDay(now.getTime(), tz), -6), tz), now.getTime(), tz)
    case 'last-30-days':
      return range(localMidnight(shiftDay(plantDay(now.getTime(), tz), -29), tz), now.getTime(), tz)
  }
}

function range(start: number, end: number, tz: string): ResolvedRange {
  // The last day touched is the day of the last instant before the end.
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), fromDay: plantDay(start, tz), toDay: plantDay(Math.max(start, end - 1), tz) }
}

/** The start of the shift an instant falls in. */
function shiftStart(at: number, tz: string): number {
  const day = plantDay(at, tz)
  const candidates = [shiftDay(day, -1), day].flatMap((d) => SHIFT_STARTS.map((hour) => localTime(d, hour, tz)))
  return Math.max(...candidates.filter((start) => start <= at))
}

function localDayStart(at: number, tz: string): number {
  return localMidnight(plantDay(at, tz), tz)
}

function localMidnight(day: string, tz: string): number {
  return localTime(day, 0, tz)
}

/** The instant a plant-local wall time names (the first, should a clock change repeat it). */
function localTime(day: string, hour: number, tz: string): number {
  const wall = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
  let guess = wall - offsetAt(wall, tz)
  guess = wall - offsetAt(guess, tz)
  return guess
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return wall - Math.floor(at / 1000) * 1000
}

function plantDay(at: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at))
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10)
}

function instantOf(field: string, text: string, tz: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const at = localMidnight(text, tz)
    if (Number.isNaN(at)) throw badRequest(field, `not a date: ${JSON.stringify(text)}`)
    return at
  }
  const at = Date.parse(text)
  if (Number.isNaN(at) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) throw badRequest(field, `expected a date YYYY-MM-DD or an ISO instant with its offset, got ${JSON.stringify(text)}`)
  return at
}
