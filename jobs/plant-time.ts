/**
 * Plant-local calendar arithmetic with nothing but Intl, shared by the simulator and the KPI builds: where a plant-local day starts and
 * ends in UTC (23 or 25 hours on DST change days), a local wall-clock time as a UTC instant,
 * and an instant as a naive local timestamp (what legacy MES exports write).
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Throws a RangeError naming the value unless `day` is a real calendar day `YYYY-MM-DD`. */
export function assertDay(day: string): void {
  const match = DAY_PATTERN.exec(day)
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`day "${day}": expected a calendar day YYYY-MM-DD`)
  }
}

/** Days since 1970-01-01 (for rotations that must not depend on the plant's time zone). */
export function dayNumber(day: string): number {
  assertDay(day)
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let existing = formatters.get(timeZone)
  if (existing === undefined) {
    try {
      existing = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit',
      })
    } catch (error) {
      if (error instanceof RangeError) throw new RangeError(`plantTz "${timeZone}": expected an IANA time zone`)
      throw error
    }
    formatters.set(timeZone, existing)
  }
  return existing
}

/** The local wall clock at an instant, expressed as if it were a UTC epoch (whole seconds). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) parts[part.type] = Number(part.value)
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
}

/**
 * The UTC instant of a local wall-clock time on `day`, as Temporal's "compatible" choice does:
 * the earlier instant when the time occurs twice (autumn), and the instant just after the jump
 * when spring-forward skips it. Assumes at most one offset change within a day either side.
 */
export function localToUtc(day: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${day}T${time}Z`)
  const offsetAt = (ms: number): number => wallClock(ms, timeZone) - Math.floor(ms / 1000) * 1000
  const before = wall - offsetAt(wall - 86_400_000)
  const after = wall - offsetAt(wall + 86_400_000)
  const valid = [before, after].filter((ms) => wallClock(ms, timeZone) === wall)
  return valid.length === 0 ? before : Math.min(...valid)
}

/** [start, end) of the plant-local day as UTC epoch milliseconds. */
export function localDayBounds(day: string, timeZone: string): { start: number; end: number } {
  assertDay(day)
  return { start: localToUtc(day, '00:00:00', timeZone), end: localToUtc(nextDay(day), '00:00:00', timeZone) }
}

/** ISO-8601 UTC without milliseconds, e.g. `2026-11-24T06:15:00Z`. */
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** A naive plant-local timestamp, e.g. `2026-11-24 07:15:00` (no offset). */
export function naiveLocal(ms: number, timeZone: string): string {
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 19).replace('T', ' ')
}
