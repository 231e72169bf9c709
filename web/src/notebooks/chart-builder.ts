/**
 * The chart-builder form's view of a plot spec: the common charts (line, bar, area, dot,
 * heatmap over time) are one mark with x, y, a colour column and a facet, so the form edits the
 * first mark and keeps everything else in the spec as it was.
 */
import type { Mark, MarkType, PlotSpec } from '../../../cells/index.ts'

export interface BuilderFields {
  data: string
  type: MarkType
  x: string
  y: string
  /** The colour column: `fill` for areas, bars, dots and cells, `stroke` for lines, rules and ticks. */
  color: string
  /** Facet column (Plot's `fy`: one row of charts per value, e.g. per machine). */
  facet: string
}

const STROKED: readonly MarkType[] = ['lineY', 'ruleY', 'tickX']

export const colorChannel = (type: MarkType): 'fill' | 'stroke' => (STROKED.includes(type) ? 'stroke' : 'fill')

const text = (value: string | number | undefined): string => (value === undefined ? '' : String(value))

export function builderFields(spec: PlotSpec): BuilderFields {
  const mark = spec.marks[0]!
  return { data: spec.data, type: mark.type, x: text(mark.x), y: text(mark.y), color: text(mark[colorChannel(mark.type)]), facet: text(mark.fy) }
}

/** The spec with the form's fields applied to its first mark; an empty field removes its channel. */
export function applyBuilder(spec: PlotSpec, fields: BuilderFields): PlotSpec {
  const [first, ...rest] = spec.marks
  const { fill: _fill, stroke: _stroke, fy: _fy, x: _x, y: _y, ...kept } = first!
  const mark: Mark = { ...kept, type: fields.type }
  if (fields.x) mark.x = fields.x
  if (fields.y) mark.y = fields.y
  if (fields.color) mark[colorChannel(fields.type)] = fields.color
  if (fields.facet) mark.fy = fields.facet
  if (mark.tip === undefined) mark.tip = true
  return { ...spec, data: fields.data, marks: [mark, ...rest] }
}
