/** A measured value (peak, rate, z-score) in the reader's locale with at most two decimals; '–' when there is none. */
import { browserLocales, type Locales } from '../lib/locale.ts'

export function valueText(value: number | null | undefined, locales: Locales = browserLocales()): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return value.toLocaleString(locales as string[] | undefined, { maximumFractionDigits: 2 })
}
