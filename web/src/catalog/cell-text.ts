/** How a preview or quarantine cell is written: timestamps in plant time, counts in the reader's locale, objects as JSON, null as a dash. */
import { count, browserLocales, type Locales } from '../lib/locale.ts'
import { plantTime } from '../lib/plant-time.ts'

export function cellText(value: unknown, type: string, plantTz: string, locales: Locales = browserLocales()): string {
  if (value === null || value === undefined) return '–'
  if (type.startsWith('TIMESTAMP')) return plantTime(String(value), plantTz, locales)
  if (typeof value === 'number') return Number.isInteger(value) && /INT/.test(type) ? count(value, locales) : value.toLocaleString(locales as string[] | undefined, { maximumFractionDigits: 6 })
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Numbers align right in a table, so digits line up. */
export function isNumeric(type: string): boolean {
  return /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/.test(type)
}
