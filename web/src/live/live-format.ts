/** How the Live view writes temperatures, clock times and ages: the reader's locale, the plant's zone. */
import type { Locales } from '../lib/locale.ts'
import { browserLocales } from '../lib/locale.ts'

const numberFormats = new Map<string, Intl.NumberFormat>()
const clockFormats = new Map<string, Intl.DateTimeFormat>()

/** A temperature with one decimal and its unit, "71.3 °C" (de: "71,3 °C"). */
export function celsius(value: number, locales: Locales = browserLocales()): string {
  const key = locales?.join(',') ?? ''
  let format = numberFormats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(locales as string[] | undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    numberFormats.set(key, format)
  }
  return `${format.format(value)} °C`
}

function clockFormat(plantTz: string, locales: Locales, seconds: boolean, zone: boolean): Intl.DateTimeFormat {
  const key = `${plantTz}|${locales?.join(',') ?? ''}|${seconds}|${zone}`
  let format = clockFormats.get(key)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locales as string[] | undefined, {
      timeZone: plantTz,
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      ...(zone ? { timeZoneName: 'short' } : {}),
    })
    clockFormats.set(key, format)
  }
  return format
}

/** The plant-local time of day of an instant, e.g. "14:05:09 CET", for "since when" notices. */
export function plantClock(ts: number, plantTz: string, locales: Locales = browserLocales()): string {
  return clockFormat(plantTz, locales, true, true).format(ts)
}

/** A short plant-local time for axis ticks, "14:05" (no zone: the chart's heading names it). */
export function plantTick(ts: number | Date, plantTz: string, locales: Locales = browserLocales()): string {
  return clockFormat(plantTz, locales, false, false).format(ts)
}

/** A relative age for freshness, "8 s ago", "3 min ago", "2 h ago", in the reader's language. */
export function age(ms: number, locales: Locales = browserLocales()): string {
  const format = new Intl.RelativeTimeFormat(locales as string[] | undefined, { numeric: 'always', style: 'short' })
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return format.format(-seconds, 'second')
  if (seconds < 3600) return format.format(-Math.floor(seconds / 60), 'minute')
  return format.format(-Math.floor(seconds / 3600), 'hour')
}
