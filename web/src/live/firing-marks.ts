/**
 * Firings drawn behind a chart's data as shaded spans (shared/UI.md): one pale fill per severity
 * in its colour (severity.ts), a dashed rule where it began, and the rule's name with the
 * severity's icon at the top — so the span reads without colour too. Each span is labelled for
 * assistive technology ("firing: M07 hot, critical, 10:42–now") and titled for the pointer.
 */
import * as Plot from '@observablehq/plot'
import { severityLook } from '../alerts/severity.ts'
import { plantClock } from './live-format.ts'
import type { ChartSpan } from './firing-spans.ts'

const SEVERITIES = ['info', 'warning', 'critical'] as const

export interface FiringMarksOptions {
  plantTz: string
  /** The chart's time domain, in epoch ms: a label near its right end is written leftwards. */
  from: number
  to: number
}

export function firingMarks(spans: readonly ChartSpan[], options: FiringMarksOptions): Plot.Markish[] {
  const { plantTz } = options
  const rightward = (span: ChartSpan) => span.x1 < options.from + (options.to - options.from) * 0.6
  const period = (span: ChartSpan) => `${plantClock(span.x1, plantTz)}–${span.open ? 'now' : plantClock(span.x2, plantTz)}`
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
      ...[true, false].map((right) => {
        const side = mine.filter((span) => rightward(span) === right)
        const x = right ? x1 : (span: ChartSpan) => new Date(span.x2)
        return Plot.text(side, { x, text: (span: ChartSpan) => `${look.icon} ${span.ruleName}`, frameAnchor: 'top', textAnchor: right ? 'start' : 'end', lineAnchor: 'top', dx: right ? 3 : -3, dy: 2, fill: look.colour, fontWeight: 600, stroke: 'white', strokeWidth: 3 })
      }),
    ]
  })
}
