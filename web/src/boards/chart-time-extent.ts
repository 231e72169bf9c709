/**
 * Whether a chart tile's x is continuous time, and over which span — where alert firings can be
 * drawn behind its marks (shared/UI.md). Time when every mark with an x (a target's ruleY has
 * none) reads it from a TIMESTAMP or DATE column
 * and nothing makes x a band (bars and cells, a band or point scale): a firing of minutes is a
 * span on a time axis, but no place on a band of days. The span is the data's own extent (a DATE
 * point stands for its whole day), so the firings are those of what the tile shows — its time
 * range and machine filter as its cell ran.
 */
import type { PlotSpec } from '../../../cells/index.ts'
import type { ResultColumn } from '../lib/arrow-result.ts'

export interface TimeExtent {
  from: number
  to: number
  /** The machines the rows name (a `machine_id` column); undefined when the chart is not per machine. */
  machines: string[] | undefined
}

const TEMPORAL = /^(TIMESTAMP|DATE)/
const BAND_MARKS = new Set(['barY', 'cell'])
const DAY_MS = 86_400_000
const CONTINUOUS_TIME = new Set([undefined, 'time', 'utc'])

export function timeExtent(spec: PlotSpec, columns: readonly ResultColumn[], rows: readonly unknown[][]): TimeExtent | undefined {
  if (!CONTINUOUS_TIME.has(spec.x?.type) || spec.marks.some((mark) => BAND_MARKS.has(mark.type))) return undefined
  const xs = spec.marks.filter((mark) => mark.x !== undefined).map((mark) => (typeof mark.x === 'string' ? columns.findIndex((column) => column.name === mark.x) : -1))
  if (xs.length === 0 || xs.some((index) => index === -1 || !TEMPORAL.test(columns[index]!.type))) return undefined
  let from = Infinity
  let to = -Infinity
  for (const row of rows) {
    for (const index of xs) {
      const at = Date.parse(String(row[index]))
      if (Number.isNaN(at)) continue
      from = Math.min(from, at)
      to = Math.max(to, /^DATE$/.test(columns[index]!.type) ? at + DAY_MS : at)
    }
  }
  if (!(to > from)) return undefined
  const machine = columns.findIndex((column) => column.name === 'machine_id')
  const machines = machine === -1 ? undefined : [...new Set(rows.map((row) => String(row[machine])))]
  return { from, to, machines }
}
