/**
 * A plot cell's declarative spec (cells/plot-spec.ts, already validated) as the options of
 * `Plot.plot`: each mark's `type` picks one of Plot's own mark functions from a fixed table —
 * never eval, never a function typed by a user — and the channels, which are column names or
 * constants, pass through as Plot reads them. The mark functions are injected, so the mapping is
 * tested without a DOM and the app hands in `@observablehq/plot` itself.
 */
import type { Mark, MarkType, PlotSpec } from '../../../cells/index.ts'
import type { ResultColumn } from '../lib/arrow-result.ts'

/** Plot's mark functions by the spec's names (`Plot.lineY`, `Plot.barY`, …). */
export type MarkFunctions<M> = Record<MarkType, (data: readonly Record<string, unknown>[], options: Record<string, unknown>) => M>

/** Rows of a result as records Plot reads, times as Dates so that time scales apply. */
export function resultRecords(result: { columns: ResultColumn[]; rows: unknown[][] }): Record<string, unknown>[] {
  const timeColumns = result.columns.map((column) => /^(TIMESTAMP|DATE)/.test(column.type))
  return result.rows.map((row) => {
    const record: Record<string, unknown> = {}
    result.columns.forEach((column, j) => {
      const value = row[j]
      record[column.name] = timeColumns[j] && typeof value === 'string' ? new Date(value) : value
    })
    return record
  })
}

/** A mark's options: its channels and tip as Plot names them; `type` chose the function and is dropped. */
function markOptions(mark: Mark): Record<string, unknown> {
  const { type: _type, ...options } = mark
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
}

export function plotOptions<M>(spec: PlotSpec, data: readonly Record<string, unknown>[], marks: MarkFunctions<M>): Record<string, unknown> & { marks: M[] } {
  const { data: _data, marks: specMarks, title, subtitle, caption, width, height, ...scales } = spec
  const options: Record<string, unknown> & { marks: M[] } = {
    marks: specMarks.map((mark) => marks[mark.type](data, markOptions(mark))),
    // Plot's default categorical palette is observable10, colour-blind safe (UI.md); an author's scale options win.
    color: { ...scales.color },
    ariaLabel: title ?? `chart of ${spec.data}`,
  }
  for (const scale of ['x', 'y', 'fx', 'fy'] as const) if (scales[scale] !== undefined) options[scale] = scales[scale]
  // A legend as soon as a colour channel names a column: colour must never be the only cue left unexplained.
  if (specMarks.some((mark) => typeof mark.fill === 'string' || typeof mark.stroke === 'string') && scales.color?.legend === undefined) (options.color as Record<string, unknown>).legend = true
  if (title !== undefined) options.title = title
  if (subtitle !== undefined) options.subtitle = subtitle
  if (caption !== undefined) options.caption = caption
  if (width !== undefined) options.width = width
  if (height !== undefined) options.height = height
  return options
}
