/**
 * Every timestamp is stored in UTC; the UI shows it in the plant's time zone, in the reader's
 * own date format (the browser's locales), and always names the zone (its abbreviation, e.g.
 * "CET", "MEZ" or "GMT+1" as the reader's locale calls it), so nobody mistakes plant time for
 * their own.
 */
import { plantDayOf } from '../../../cells/index.ts'
import { browserLocales, type Locales } from './locale.ts'

// A DateTimeFormat is costly to build and a result table formats hundreds of cells.
const formats = new Map<string, Intl.DateTimeFormat>()

function dateTimeFormat(plantTz: string, locales: Locales): Intl.DateTimeFormat {
  const key = `${plantTz}|${locales?.join(',') ?? ''}`
  let format = formats.get(key)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locales as string[] | undefined, {
      timeZone: plantTz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    })
    formats.set(key, format)
  }
  return format
}

/** The plant-local day of `now`, YYYY-MM-DD (en-CA writes ISO order; the digits are used, never shown). */
export function plantToday(plantTz: string, now: Date = new Date()): string {
  return plantDayOf(now, plantTz)
}

/** An instant as plant-local date and time with the zone's abbreviation; '–' for none. */
export function plantTime(iso: string | null | undefined, plantTz: string, locales: Locales = browserLocales()): string {
  if (iso === null || iso === undefined) return '–'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return dateTimeFormat(plantTz, locales).format(date)
}

/** The plant's zone for headings: its IANA name and, where it differs, its abbreviation now ("Europe/Berlin, CET"). */
export function zoneLabel(plantTz: string, locales: Locales = browserLocales(), at: Date = new Date()): string {
  const abbreviation = dateTimeFormat(plantTz, locales).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value
  return abbreviation === undefined || abbreviation === plantTz ? plantTz : `${plantTz}, ${abbreviation}`
}

/** How long a run took (or has taken so far), in seconds with the reader's decimal sign. */
export function duration(fromIso: string, toIso: string | null, locales: Locales = browserLocales()): string {
  const ms = (toIso === null ? Date.now() : Date.parse(toIso)) - Date.parse(fromIso)
  const digits = ms < 10_000 ? 1 : 0
  return `${(ms / 1000).toLocaleString(locales as string[] | undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} s`
}
