/**
 * Firings drawn behind a chart's data as shaded spans (shared/UI.md): one pale fill per severity
 * in its colour (severity.ts), a dashed rule where it began, and the rule's name with the
 * severity's icon at the top — so the span reads without colour too; names of spans that begin
 * close together go on a second line, or are left to the title past that. Each span is labelled for
 * assistive technology ("firing: M07 hot, critical, 10:42–now") and titled for the pointer.
 */
import * as Plot from '@observablehq/plot'
import { severityLook } from '../alerts/severity.ts'
import { plantClock } from './live-format.ts'
import { labelRows, type ChartSpan } from './firing-spans.ts'

const SEVERITIES = ['info', 'warning', 'critical'] as const

export interface FiringMarksOptions {
  plantTz: string
  /** The chart's time domain, in epoch ms: a label near its right end is written leftwards. */
  from: number
  to: number
  /** The plot area's width in pixels (the chart's less its margins), to keep names apart. */
  plotWidth: number
}

/** About the width of a 12 px bold character, with the halo. */
const CHAR_PX = 7.5
const LABEL_ROWS = 2
const ROW_PX = 15

export function firingMarks(spans: readonly ChartSpan[], options: FiringMarksOptions): Plot.Markish[] {
  const { plantTz } = options
  const period = (span: ChartSpan) => `${plantClock(span.x1, plantTz)}–${span.open ? 'now' : plantClock(span.x2, plantTz)}`
  return [...spanMarks(spans, period), ...labelMarks(spans, options)]
}

function spanMarks(spans: readonly ChartSpan[], period: (span: ChartSpan) => string): Plot.Markish[] {
  // Least severe first, so the most severe is drawn on top where spans of different rules overlap.
  return SEVERITIES.flatMap((severity) => {
    const mine = spans.filter((span) => span.severity === severity)
    if (mine.length === 0) return []
    const look = severityLook(severity)
    const x1 = (span: ChartSpan) => new Date(span.x1)
    return [
      Plot.rectX(mine, {
        x1,
        x2: (span: ChartSpan) => new Date(span.x2),
        fill: look.colour,
        fillOpacity: 0.13,
        title: (span: ChartSpan) => `${look.icon} ${span.ruleName} (${look.word})\nfiring ${period(span)}`,
        ariaLabel: (span: ChartSpan) => `firing: ${span.ruleName}, ${look.word}, ${period(span)}`,
      }),
      Plot.ruleX(mine, { x: x1, stroke: look.colour, strokeOpacity: 0.8, strokeDasharray: '3 2' }),
    ]
  })
}

/** Each span's name at the top, from its start — or, near the right end, up to its end. */
function labelMarks(spans: readonly ChartSpan[], options: FiringMarksOptions): Plot.Markish[] {
  const px = (ms: number) => ((ms - options.from) / Math.max(1, options.to - options.from)) * options.plotWidth
  const labels = spans
    .map((span) => {
      const text = `${severityLook(span.severity).icon} ${span.ruleName}`
      const width = text.length * CHAR_PX + 6
      const right = px(span.x1) < options.plotWidth * 0.6
      return { span, text, right, width, x: right ? px(span.x1) : px(span.x2) - width }
    })
    .sort((a, b) => a.x - b.x)
  const rows = labelRows(labels, LABEL_ROWS)
  return labels.flatMap((label, i) => {
    const row = rows[i]
    if (row === undefined) return []
    const { span, right } = label
    return [Plot.text([span], { x: (s: ChartSpan) => new Date(right ? s.x1 : s.x2), text: () => label.text, frameAnchor: 'top', textAnchor: right ? 'start' : 'end', lineAnchor: 'top', dx: right ? 3 : -3, dy: 2 + row * ROW_PX, fill: severityLook(span.severity).colour, fontWeight: 600, stroke: 'white', strokeWidth: 3 })]
  })
}
