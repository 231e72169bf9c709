/**
 * A stat tile's number from its cell's rows (StatOptions in server/boards/board-schemas.ts):
 * the `value` column of the last row, the row before it as the previous period, all rows as
 * the sparkline; its traffic light from the thresholds on the `better` side; and how it is
 * written — KPIs as percentages with one decimal, counts with the reader's separators, the
 * unit always beside the number (UI.md). Pure, so every rule is unit-tested.
 */
import type { StatOptions } from '../../../server/index.ts'

export type Light = 'green' | 'amber' | 'red' | 'none'

/** The word and shape paired with each colour, so the light reads without colour too. */
export const LIGHT_CUES: Record<Light, { icon: string; word: string }> = {
  green: { icon: '✓', word: 'on target' },
  amber: { icon: '▲', word: 'watch' },
  red: { icon: '✕', word: 'act' },
  none: { icon: '', word: '' },
}

export interface StatSeries {
  value: number | undefined
  previous: number | undefined
  /** [x, y] points for the sparkline, oldest first; empty without sparkline options. */
  points: { x: unknown; y: number }[]
}

const numberOf = (value: unknown): number | undefined => {
  if (value === null || value === undefined || value === '') return undefined
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : undefined
}

export function statSeries(options: StatOptions, columns: readonly { name: string }[], rows: readonly unknown[][]): StatSeries {
  const at = (name: string) => columns.findIndex((column) => column.name === name)
  const valueAt = at(options.value)
  if (valueAt < 0 || rows.length === 0) return { value: undefined, previous: undefined, points: [] }
  const value = numberOf(rows.at(-1)![valueAt])
  const previous = rows.length > 1 ? numberOf(rows.at(-2)![valueAt]) : undefined
  const sparkline = options.sparkline
  if (sparkline === undefined) return { value, previous: undefined, points: [] }
  const xAt = at(sparkline.x)
  const yAt = at(sparkline.y ?? options.value)
  const points = xAt < 0 || yAt < 0 ? [] : rows.flatMap((row) => {
    const y = numberOf(row[yAt])
    return y === undefined ? [] : [{ x: row[xAt], y }]
  })
  return { value, previous, points }
}

export function statLight(value: number | undefined, options: Pick<StatOptions, 'better' | 'thresholds'>): Light {
  const thresholds = options.thresholds
  if (value === undefined || thresholds === undefined) return 'none'
  const reaches = (limit: number) => (options.better === 'lower' ? value <= limit : value >= limit)
  if (reaches(thresholds.green)) return 'green'
  if (reaches(thresholds.amber)) return 'amber'
  return 'red'
}

const formats = new Map<string, Intl.NumberFormat>()
function numberFormat(locales: readonly string[] | undefined, decimals: number, sign = false): Intl.NumberFormat {
  const key = `${locales?.join(',') ?? ''}|${decimals}|${sign}`
  let format = formats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(locales as string[] | undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, ...(sign ? { signDisplay: 'exceptZero' as const } : {}) })
    formats.set(key, format)
  }
  return format
}

/** Decimals when the author set none: one for percentages and small fractional numbers, none for whole counts and large numbers. */
const decimalsFor = (options: Pick<StatOptions, 'format' | 'decimals'>, shown: number): number =>
  options.decimals ?? (options.format === 'percent' ? 1 : Number.isInteger(shown) || Math.abs(shown) >= 100 ? 0 : 1)

/** The number and its unit apart, so a tile can write the unit smaller than the number. */
export function statParts(value: number | undefined, options: Pick<StatOptions, 'format' | 'decimals' | 'unit'>, locales?: readonly string[]): { number: string; unit: string } {
  const percent = options.format === 'percent'
  const unit = (percent ? '%' : options.unit) ?? ''
  if (value === undefined) return { number: '–', unit }
  const shown = percent ? value * 100 : value
  return { number: numberFormat(locales, decimalsFor(options, shown)).format(shown), unit }
}

/** The number as a reader sees it: "72.4 %", "1,284 pcs/h", "71.3 °C". */
export function formatStat(value: number | undefined, options: Pick<StatOptions, 'format' | 'decimals' | 'unit'>, locales?: readonly string[]): string {
  const { number, unit } = statParts(value, options, locales)
  return unit && value !== undefined ? `${number} ${unit}` : number
}

/** The change against the previous period: arrow and signed delta ("▲ +1.2 pp"); percentages change in points. */
export function formatDelta(value: number | undefined, previous: number | undefined, options: Pick<StatOptions, 'format' | 'decimals' | 'unit'>, locales?: readonly string[]): string | undefined {
  if (value === undefined || previous === undefined) return undefined
  const percent = options.format === 'percent'
  const delta = (value - previous) * (percent ? 100 : 1)
  const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '▶'
  const unit = percent ? 'pp' : options.unit
  // As many decimals as the number itself shows, so "1,284" changes by "84", not "84.0".
  const text = numberFormat(locales, decimalsFor(options, value * (percent ? 100 : 1)), true).format(delta)
  return `${arrow} ${text}${unit ? ` ${unit}` : ''}`
}

/** Whether a change is good news on this stat's `better` side (for the delta's wording, not colour alone). */
export function deltaIsBetter(value: number, previous: number, better: StatOptions['better']): boolean {
  return better === 'lower' ? value < previous : value > previous
}
