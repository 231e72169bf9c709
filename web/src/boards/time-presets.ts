/**
 * A board's time-range presets in words and as the instants they cover, in the plant's zone.
 * The server resolves a preset itself when it runs a tile (the query names the preset, never
 * a range the browser computed); the web app resolves the same rules only to *say* what the
 * range is ("this shift: 06:00–14:00"), so a viewer knows which hours the numbers cover.
 * Shifts are 06–14, 14–22 and 22–06 plant-local (server/boards/board-schemas.ts).
 */
import type { TimePreset } from '../../../server/index.ts'

export const PRESET_LABELS: Record<TimePreset, string> = {
  'this-shift': 'This shift',
  'last-shift': 'Last shift',
  today: 'Today',
  yesterday: 'Yesterday',
  'last-24-hours': 'Last 24 hours',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
}

export const ALL_PRESETS = Object.keys(PRESET_LABELS) as TimePreset[]

const SHIFT_STARTS = [6, 14, 22] as const
const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface TimeRange {
  from: Date
  to: Date
}

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The plant-local wall clock of an instant, as if it were UTC (so date arithmetic ignores the zone). */
const wallClock = (timeZone: string, at: Date): Date => new Date(at.getTime() + zoneOffsetMs(timeZone, at))

/** The instant at which the plant's wall clock shows `wall` (read as UTC fields); exact across DST changes but for the skipped hour. */
export function fromWallClock(timeZone: string, wall: Date): Date {
  const guess = new Date(wall.getTime() - zoneOffsetMs(timeZone, wall))
  return new Date(wall.getTime() - zoneOffsetMs(timeZone, guess))
}

const startOfWallDay = (wall: Date): Date => new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()))

/** The wall-clock start of the shift running at `wall`. */
function shiftStart(wall: Date): Date {
  const day = startOfWallDay(wall)
  const hour = wall.getUTCHours()
  if (hour < SHIFT_STARTS[0]) return new Date(day.getTime() - DAY + SHIFT_STARTS[2] * HOUR)
  const start = [...SHIFT_STARTS].reverse().find((h) => hour >= h)!
  return new Date(day.getTime() + start * HOUR)
}

/** The instants a preset covers at `now`; `to` is now for the running shift or day. */
export function presetRange(preset: TimePreset, timeZone: string, now: Date = new Date()): TimeRange {
  const wall = wallClock(timeZone, now)
  const at = (w: Date) => fromWallClock(timeZone, w)
  const today = startOfWallDay(wall)
  switch (preset) {
    case 'this-shift':
      return { from: at(shiftStart(wall)), to: now }
    case 'last-shift': {
      const start = shiftStart(wall)
      return { from: at(new Date(start.getTime() - 8 * HOUR)), to: at(start) }
    }
    case 'today':
      return { from: at(today), to: now }
    case 'yesterday':
      return { from: at(new Date(today.getTime() - DAY)), to: at(today) }
    case 'last-24-hours':
      return { from: new Date(now.getTime() - DAY), to: now }
    case 'last-7-days':
      return { from: at(new Date(today.getTime() - 6 * DAY)), to: now }
    case 'last-30-days':
      return { from: at(new Date(today.getTime() - 29 * DAY)), to: now }
  }
}

/** "06:00–14:00" or "27/11 00:00 – now" in the reader's locale and the plant's zone. */
export function describeRange(range: TimeRange, timeZone: string, now: Date, locales?: readonly string[]): string {
  const sameDay = now.getTime() - range.from.getTime() < DAY && wallClock(timeZone, range.from).getUTCDate() === wallClock(timeZone, now).getUTCDate()
  const options: Intl.DateTimeFormatOptions = sameDay ? { timeZone, hour: '2-digit', minute: '2-digit' } : { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }
  const format = new Intl.DateTimeFormat(locales as string[] | undefined, options)
  const to = Math.abs(range.to.getTime() - now.getTime()) < 1000 ? 'now' : format.format(range.to)
  return `${format.format(range.from)} – ${to}`
}
