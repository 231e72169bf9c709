/**
 * One sensor's recent temperatures as an Observable Plot line over the selected window. Time
 * runs left to right over the whole window (so a sensor that stopped shows its line ending
 * early), the y axis fits the data (temperatures, not counts), ticks and tips in plant time.
 * One calm line colour for every sensor: each chart is its own sensor, so colour is not needed
 * to tell them apart, and saturated colour stays reserved for states (shared/UI.md) — such as the
 * alert firings of the sensor, shaded behind the line (firing-marks.ts).
 */
import * as Plot from '@observablehq/plot'
import type { ChartSpan } from './firing-spans.ts'
import { firingMarks } from './firing-marks.ts'
import { celsius, plantClock, plantTick } from './live-format.ts'
import type { Point } from './rolling-buffer.ts'
import { thinPoints } from './thin-points.ts'

export const LINE_COLOUR = '#2f4b7c'
export const STALE_COLOUR = '#9aa3ae'

export interface ChartInput {
  sensorId: string
  points: Point[]
  /** The window: [now - windowMs, now]. */
  now: number
  windowMs: number
  plantTz: string
  width: number
  stale: boolean
  /** The sensor's firings in the window (firing-spans.ts spansInWindow). */
  spans?: readonly ChartSpan[]
}

export function temperatureChart(input: ChartInput): SVGSVGElement | HTMLElement {
  const { plantTz } = input
  // About one bucket per pixel of the plot area: the line looks the same, drawing costs less.
  const points = thinPoints(input.points, input.now - input.windowMs, input.now, Math.max(1, input.width - 76))
  const last = points.at(-1)
  const minutes = Math.round(input.windowMs / 60_000)
  return Plot.plot({
    width: input.width,
    height: 170,
    marginLeft: 44,
    marginTop: 24,
    // Room for the last tick's label ("03:15 PM") at the window's right edge.
    marginRight: 32,
    style: { fontSize: '12px' },
    ariaLabel: `${input.sensorId}: temperature over the last ${minutes} minutes`,
    ariaDescription: last === undefined ? 'No readings in this window.' : `Latest ${celsius(last.temperatureC)} at ${plantClock(last.ts, plantTz)}; ${input.points.length} readings in the window${firingsSaid(input.spans)}.`,
    x: { type: 'time', domain: [new Date(input.now - input.windowMs), new Date(input.now)], tickFormat: (d: Date) => plantTick(d, plantTz), ticks: 5, label: null },
    y: { grid: true, nice: true, zero: false, label: '°C', tickFormat: (d: number) => d.toLocaleString() },
    marks: [
      ...firingMarks(input.spans ?? [], { plantTz, from: input.now - input.windowMs, to: input.now, plotWidth: input.width - 76 }),
      Plot.lineY(points, {
        x: (p: Point) => new Date(p.ts),
        y: 'temperatureC',
        stroke: input.stale ? STALE_COLOUR : LINE_COLOUR,
        strokeWidth: 2,
        // The tip shows the title: time in plant time and the temperature with its unit.
        title: (p: Point) => `${plantClock(p.ts, plantTz)}\n${celsius(p.temperatureC)}`,
        tip: true,
      }),
      last === undefined ? null : Plot.dot([last], { x: (p: Point) => new Date(p.ts), y: 'temperatureC', r: 3.5, fill: input.stale ? STALE_COLOUR : LINE_COLOUR }),
    ],
  })
}

const firingsSaid = (spans: readonly ChartSpan[] | undefined): string =>
  spans === undefined || spans.length === 0 ? '' : `; ${spans.length === 1 ? 'one alert firing' : `${spans.length} alert firings`} (${[...new Set(spans.map((span) => span.ruleName))].join(', ')})`
