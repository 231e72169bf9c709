/**
 * Which sensors a live cell draws and what it says when there is nothing to draw. A live spec
 * (cells/live-spec.ts) filters by machine and sensor — all when unset — and the cell charts at
 * most MAX_LIVE_CHARTS of them, so a spec without a filter on a plant of hundreds of sensors
 * does not draw hundreds of charts; the rest are counted, with the way to narrow it.
 */
import { formatJson, type LiveSpec } from '../../../cells/index.ts'
import type { SensorSeries } from '../live/rolling-buffer.ts'

export const MAX_LIVE_CHARTS = 6

export function matchesLiveSpec(spec: LiveSpec, series: Pick<SensorSeries, 'sensorId' | 'machineId'>): boolean {
  if (spec.sensor !== undefined && series.sensorId !== spec.sensor) return false
  return spec.machine === undefined || series.machineId === spec.machine
}

/** What the filter names, for titles and empty states: "M07", "M07-T1 on M07", or `unfiltered` ("all sensors"). */
export function liveScope(spec: LiveSpec, unfiltered = 'all sensors'): string {
  if (spec.sensor !== undefined && spec.machine !== undefined) return `${spec.sensor} on ${spec.machine}`
  return spec.sensor ?? spec.machine ?? unfiltered
}

/** Why a live cell is empty: "No readings for M07 in the last 10 minutes." */
export function liveEmptyText(spec: LiveSpec): string {
  const minutes = spec.spanMinutes === 1 ? 'minute' : `${spec.spanMinutes} minutes`
  return `No readings for ${liveScope(spec, 'any sensor')} in the last ${minutes}.`
}

/** The spec with one field changed, as the cell's JSON body; an empty machine or sensor means all. */
export function withLiveField(spec: LiveSpec, change: Partial<Record<keyof LiveSpec, string | number>>): string {
  const next: Record<string, unknown> = { ...spec, ...change }
  for (const key of ['machine', 'sensor'] as const) if (next[key] === '') delete next[key]
  return formatJson({ machine: next.machine, sensor: next.sensor, spanMinutes: next.spanMinutes })
}
