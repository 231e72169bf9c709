/**
 * Alert firings as a chart draws them (shared/UI.md: "alert firings drawn as shaded spans over
 * the data they concern"): which firings concern a chart's series, kept current from the alert
 * stream's transitions, clipped to the chart's window and merged where one rule's firings
 * overlap (a machine-level and a sensor-level alert of one rule would otherwise shade twice).
 * Pure: the Live view, the notebook's live cell and board tiles share it.
 */
import type { Severity } from '../../../alerts/index.ts'
import type { AlertEvent, FiringSpan } from '../alerts/alert-types.ts'
import { SEVERITY_RANK } from '../alerts/severity.ts'

/** What a chart shows: a sensor, a machine's sensors, or several machines. */
export interface SpanScope {
  sensorIds?: readonly string[]
  machineIds?: readonly string[]
}

/** A span in a chart's window, in epoch ms. */
export interface ChartSpan {
  ruleId: number
  ruleName: string
  severity: Severity
  x1: number
  x2: number
  /** Still firing at the window's end. */
  open: boolean
}

/**
 * A firing concerns a chart when its sensor is drawn there, or — an alert of a whole machine
 * (no sensor label) — when one of the machine's sensors is.
 */
export function concerns(firing: Pick<FiringSpan, 'labels'>, scope: SpanScope): boolean {
  const sensor = firing.labels.sensor_id
  if (sensor !== undefined) return scope.sensorIds?.includes(sensor) ?? false
  const machine = firing.labels.machine_id
  return machine !== undefined && (scope.machineIds?.includes(machine) ?? false)
}

/** The firings after one transition of the stream: a firing opens a span, a resolution closes it. */
export function applyAlertEvent(firings: readonly FiringSpan[], event: AlertEvent): FiringSpan[] {
  if (event.to === 'firing') {
    if (firings.some((firing) => firing.alertId === event.alertId)) return [...firings]
    return [...firings, { alertId: event.alertId, ruleId: event.ruleId, ruleName: event.ruleName, severity: event.severity, start: event.at, end: null, labels: event.labels, peak: event.peak }]
  }
  if (event.to === 'resolved') return firings.map((firing) => (firing.alertId === event.alertId && firing.end === null ? { ...firing, end: event.at, peak: event.peak ?? firing.peak } : firing))
  return [...firings]
}

/** The server's answer for a range merged into what the stream already said: an end known on either side wins. */
export function mergeFirings(known: readonly FiringSpan[], fetched: readonly FiringSpan[]): FiringSpan[] {
  const byAlert = new Map(known.map((firing) => [firing.alertId, firing]))
  for (const firing of fetched) {
    const mine = byAlert.get(firing.alertId)
    byAlert.set(firing.alertId, mine === undefined ? firing : { ...firing, end: firing.end ?? mine.end })
  }
  return [...byAlert.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
}

/** Firings that ended before `since` are no longer in any window. */
export function dropEndedBefore(firings: readonly FiringSpan[], since: number): FiringSpan[] {
  return firings.filter((firing) => firing.end === null || Date.parse(firing.end) >= since)
}

/**
 * The spans of a window [from, to]: each firing clipped to it (an open one runs to `to`), those
 * outside left out, and one rule's overlapping spans merged into one (the most severe kept).
 */
export function spansInWindow(firings: readonly FiringSpan[], from: number, to: number): ChartSpan[] {
  const clipped = firings
    .map((firing) => ({ firing, start: Date.parse(firing.start), end: firing.end === null ? Infinity : Date.parse(firing.end) }))
    .filter(({ start, end }) => start < to && end > from)
    .map(({ firing, start, end }): ChartSpan => ({ ruleId: firing.ruleId, ruleName: firing.ruleName, severity: firing.severity, x1: Math.max(from, start), x2: Math.min(to, end), open: end > to }))
    .sort((a, b) => a.ruleId - b.ruleId || a.x1 - b.x1)
  const merged: ChartSpan[] = []
  for (const span of clipped) {
    const last = merged.at(-1)
    if (last !== undefined && last.ruleId === span.ruleId && span.x1 <= last.x2) {
      merged[merged.length - 1] = { ...last, x2: Math.max(last.x2, span.x2), open: last.open || span.open, severity: SEVERITY_RANK[span.severity] < SEVERITY_RANK[last.severity] ? span.severity : last.severity }
    } else merged.push(span)
  }
  return merged.sort((a, b) => a.x1 - b.x1)
}

/**
 * Which line of labels each span's name goes on, so that names of spans that begin close together
 * do not overlap: the first line where the name fits after the last one written there; undefined
 * (no label — the span keeps its title and aria-label) when `rows` lines are full. `x` is where
 * each label starts, in pixels, and `width` what it takes.
 */
export function labelRows(labels: readonly { x: number; width: number }[], rows: number): (number | undefined)[] {
  const ends: number[] = []
  return labels.map(({ x, width }) => {
    const row = ends.findIndex((end) => end <= x)
    const chosen = row === -1 ? (ends.length < rows ? ends.length : undefined) : row
    if (chosen !== undefined) ends[chosen] = x + width
    return chosen
  })
}
