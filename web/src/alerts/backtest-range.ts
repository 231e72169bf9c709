/**
 * A backtest's own range, typed as two `datetime-local` values in plant time (the app shows every
 * time in the plant's zone, named on screen), checked before it is sent so that a mistake is said
 * at its field: a start and an end that are dates, the end after the start, at most the server's
 * MAX_BACKTEST_DAYS apart, and not wholly in the future.
 */
import { fromWallClock, zoneOffsetMs } from '../boards/time-presets.ts'

/** The server's limit (server/alerts/alert-schemas.ts); backtest-range.test.ts holds them equal. */
export const MAX_BACKTEST_DAYS = 31
const DAY_MS = 86_400_000

export type CheckedRange = { ok: true; from: string; to: string } | { ok: false; field: 'from' | 'to'; message: string }

/** `2026-12-03T06:00` in the plant's zone as an instant; undefined when it is no date and time. */
export function fromPlantInput(value: string, plantTz: string): Date | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value)) return undefined
  const wall = new Date(`${value.length === 16 ? `${value}:00` : value}Z`)
  return Number.isNaN(wall.getTime()) ? undefined : fromWallClock(plantTz, wall)
}

/** An instant as a `datetime-local` value in the plant's zone (minutes). */
export function toPlantInput(at: Date, plantTz: string): string {
  return new Date(at.getTime() + zoneOffsetMs(plantTz, at)).toISOString().slice(0, 16)
}

export function checkRange(fromValue: string, toValue: string, plantTz: string, now: number = Date.now()): CheckedRange {
  const from = fromPlantInput(fromValue, plantTz)
  if (from === undefined) return { ok: false, field: 'from', message: fromValue === '' ? 'pick when the range starts' : 'not a date and time' }
  const to = fromPlantInput(toValue, plantTz)
  if (to === undefined) return { ok: false, field: 'to', message: toValue === '' ? 'pick when the range ends' : 'not a date and time' }
  if (from.getTime() >= now) return { ok: false, field: 'from', message: 'must be in the past: a backtest reads data the catalog holds' }
  if (to.getTime() <= from.getTime()) return { ok: false, field: 'to', message: 'must be after the start' }
  if (to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * DAY_MS) return { ok: false, field: 'to', message: `at most ${MAX_BACKTEST_DAYS} days after the start` }
  return { ok: true, from: from.toISOString(), to: to.toISOString() }
}
