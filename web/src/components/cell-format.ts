/**
 * How a result value is written in a data table: numbers in the reader's locale (thousands
 * separators, at most three decimals for fractions — never 0.7573773346260304), timestamps in
 * plant time naming the zone, nulls as a dash. Numeric columns align right.
 */
import { browserLocales, type Locales } from '../lib/locale.ts'
import { plantTime } from '../lib/plant-time.ts'

const NUMERIC = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL)/

export const isNumericType = (type: string): boolean => NUMERIC.test(type)

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(locales: Locales): Intl.NumberFormat {
  const key = locales?.join(',') ?? ''
  let format = numberFormats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(locales as string[] | undefined, { maximumFractionDigits: 3 })
    numberFormats.set(key, format)
  }
  return format
}

export function formatCell(value: unknown, type: string, plantTz: string, locales: Locales = browserLocales()): string {
  if (value === null || value === undefined) return '–'
  if (type.startsWith('TIMESTAMP')) return plantTime(String(value), plantTz, locales)
  if (typeof value === 'number') return numberFormat(locales).format(value)
  // Exact big integers and wide decimals arrive as text; keep every digit.
  if (typeof value === 'bigint') return value.toLocaleString(locales as string[] | undefined)
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}
