/**
 * A backtest drawn over the data the rule read (shared/UI.md): each series a line (one colour per
 * series from Plot's colour-blind-safe palette), every firing a shaded span from its start to its
 * end over the time axis, a threshold's level as a labelled rule. Time in plant time, the y axis
 * fitted to the data (temperatures, not counts). The Live view's formats and thinning are reused.
 */
import * as Plot from '@observablehq/plot'
import { plantClock, plantTick } from '../live/live-format.ts'
import { labelText } from './alert-order.ts'
import { valueText } from './alert-value.ts'
import type { BacktestResult } from './alert-types.ts'

export interface BacktestChartInput {
  result: BacktestResult
  plantTz: string
  width: number
  /** A threshold's level, drawn as a rule. */
  level?: number
  title: string
}

interface Point {
  t: Date
  v: number
  series: string
}

const SPAN_FILL = '#b3261e'

export function backtestChart(input: BacktestChartInput): SVGSVGElement | HTMLElement {
  const { result, plantTz } = input
  const points: Point[] = result.series.flatMap((series) => series.points.map(([t, v]) => ({ t: new Date(t), v, series: labelText(series.labels) })))
  const to = Date.parse(result.to)
  const spans = result.firings.map((firing) => ({ x1: new Date(firing.start), x2: new Date(firing.end ?? to), labels: labelText(firing.labels), peak: firing.peak }))
  const many = result.series.length > 1
  return Plot.plot({
    width: input.width,
    height: 260,
    marginLeft: 48,
    marginRight: 36,
    style: { fontSize: '12px' },
    title: input.title,
    ariaLabel: input.title,
    ariaDescription: `${result.firings.length} firings over ${result.series.length} series.`,
    x: { type: 'time', domain: [new Date(result.from), new Date(to)], tickFormat: (d: Date) => plantTick(d, plantTz), label: null },
    y: { grid: true, nice: true, zero: false, label: result.series[0]?.field ?? null, tickFormat: (d: number) => d.toLocaleString() },
    color: many ? { legend: true } : undefined,
    marks: [
      Plot.rectX(spans, { x1: 'x1', x2: 'x2', fill: SPAN_FILL, fillOpacity: 0.15, title: (s: (typeof spans)[number]) => `firing ${plantClock(s.x1.getTime(), plantTz)}–${plantClock(s.x2.getTime(), plantTz)}\n${s.labels}\npeak ${valueText(s.peak)}` , tip: true }),
      Plot.ruleX(spans, { x: 'x1', stroke: SPAN_FILL, strokeOpacity: 0.6 }),
      Plot.lineY(points, { x: 't', y: 'v', z: 'series', stroke: many ? 'series' : '#2f4b7c', strokeWidth: 1.5, title: (p: Point) => `${plantClock(p.t.getTime(), plantTz)}\n${p.series}\n${p.v.toLocaleString()}`, tip: true }),
      input.level === undefined ? null : Plot.ruleY([input.level], { stroke: '#4a5567', strokeDasharray: '4 3' }),
      input.level === undefined ? null : Plot.text([input.level], { y: (d: number) => d, frameAnchor: 'right', dy: -6, text: (d: number) => `limit ${d.toLocaleString()}`, fill: '#4a5567' }),
    ],
  })
}
