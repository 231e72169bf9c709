/**
 * A live tile's chart: every sensor of the tile's machine (or the one sensor) as a line over
 * the span, one colour per sensor from Plot's colour-blind-safe palette with a legend, y fitted
 * to the data (temperatures), time in plant time. Built from the Live view's pieces: its
 * buffer's points, thinned per pixel, and its number and clock formats — and its alert firings,
 * shaded behind the lines.
 */
import * as Plot from '@observablehq/plot'
import { firingMarks } from '../live/firing-marks.ts'
import type { ChartSpan } from '../live/firing-spans.ts'
import { celsius, plantClock, plantTick } from '../live/live-format.ts'
import type { Point } from '../live/rolling-buffer.ts'
import { thinPoints } from '../live/thin-points.ts'

export interface LiveLinesInput {
  series: { sensorId: string; points: Point[] }[]
  now: number
  spanMs: number
  plantTz: string
  width: number
  height: number
  /** The firings of the tile's sensors in the span (live/firing-spans.ts spansInWindow). */
  spans?: readonly ChartSpan[]
}

export function liveLines(input: LiveLinesInput): SVGSVGElement | HTMLElement {
  const from = input.now - input.spanMs
  const rows = input.series.flatMap((series) => thinPoints(series.points, from, input.now, Math.max(1, input.width - 76)).map((point) => ({ ...point, sensor: series.sensorId })))
  return Plot.plot({
    width: input.width,
    height: input.height,
    marginLeft: 44,
    marginRight: 32,
    style: { fontSize: '12px', background: 'transparent' },
    ariaLabel: `temperatures of ${input.series.map((s) => s.sensorId).join(', ')} over the last ${Math.round(input.spanMs / 60_000)} minutes`,
    x: { type: 'time', domain: [new Date(from), new Date(input.now)], tickFormat: (d: Date) => plantTick(d, input.plantTz), ticks: 5, label: null },
    y: { grid: true, nice: true, zero: false, label: '°C', tickFormat: (d: number) => d.toLocaleString() },
    color: { legend: input.series.length > 1 },
    marks: [
      ...firingMarks(input.spans ?? [], { plantTz: input.plantTz, from, to: input.now, plotWidth: input.width - 76 }),
      Plot.lineY(rows, {
        x: (p: Point) => new Date(p.ts),
        y: 'temperatureC',
        stroke: 'sensor',
        strokeWidth: 2,
        title: (p: Point & { sensor: string }) => `${p.sensor}\n${plantClock(p.ts, input.plantTz)}\n${celsius(p.temperatureC)}`,
        tip: true,
      }),
    ],
  })
}
