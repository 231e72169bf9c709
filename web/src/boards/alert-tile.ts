/**
 * An alerts tile's pure parts: the address of its list (signed in, or through a kiosk link),
 * when an alert began in plant time as the reader writes it (the time alone on the plant's
 * today, the date too before), and what the tile says when nothing matches — which of its
 * filters it applied, so an empty tile reads as "all clear for M07", not as "broken".
 */
import type { TileAlerts } from '../../../server/index.ts'
import { plantToday } from '../lib/plant-time.ts'
import { browserLocales, type Locales } from '../lib/locale.ts'
import type { InputValues } from './tile-inputs.ts'

export interface AlertsRequest {
  board: number
  tile: string
  /** A published version; undefined with `draft` for the editor's view. */
  version?: number
  draft?: boolean
  /** The board's inputs by name: its machine and line inputs filter the tile. A kiosk sends none. */
  inputs: InputValues
  /** `/api/boards` signed in, the kiosk link's own prefix on a TV. */
  base?: string
}

export function tileAlertsPath(request: AlertsRequest): string {
  const query = new URLSearchParams()
  if (request.draft) query.set('draft', 'true')
  else if (request.version !== undefined) query.set('version', String(request.version))
  for (const [name, value] of Object.entries(request.inputs)) if (value !== undefined && value !== '') query.set(name, value)
  const search = query.size === 0 ? '' : `?${query}`
  return `${request.base ?? '/api/boards'}/${request.board}/tiles/${encodeURIComponent(request.tile)}/alerts${search}`
}

/** When an alert began, in plant time: "14:03" today, "2 Dec, 22:41" before (the reader's locale). */
export function sinceText(iso: string, plantTz: string, now: Date = new Date(), locales: Locales = browserLocales()): string {
  const at = new Date(iso)
  const sameDay = plantToday(plantTz, at) === plantToday(plantTz, now)
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
  return new Intl.DateTimeFormat(locales as string[] | undefined, { ...options, timeZone: plantTz }).format(at)
}

/**
 * Where an alert is, short enough for a tile row: its sensor (which names its machine), else its
 * machine, with the line when known; a SQL rule's own labels otherwise. The full labels go in a tooltip.
 */
export function alertWhere(labels: Record<string, string>): string {
  const where = labels.sensor_id ?? labels.machine_id
  if (where === undefined) return Object.values(labels).join(' · ')
  return labels.line === undefined ? where : `${where} · line ${labels.line}`
}

/** How long an alert has stood, as a duration in the reader's words ("12 mins", "12 Min."), not "… ago". */
export function standingText(ms: number, locales: Locales = browserLocales()): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const [value, unit] = seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 86_400 ? [Math.floor(seconds / 3600), 'hour'] : [Math.floor(seconds / 86_400), 'day']
  return new Intl.NumberFormat(locales as string[] | undefined, { style: 'unit', unit, unitDisplay: 'short' }).format(value)
}

/** The filters applied, in words ("M07 · line L2 · warning or worse · rule 4"); empty when none. */
export function filterText(filter: TileAlerts['filter']): string {
  const parts: string[] = []
  if (filter.machine !== undefined) parts.push(filter.machine)
  if (filter.line !== undefined) parts.push(`line ${filter.line}`)
  if (filter.sensor !== undefined) parts.push(`sensor ${filter.sensor}`)
  if (filter.minSeverity !== undefined && filter.minSeverity !== 'info') parts.push(`${filter.minSeverity} or worse`)
  if (filter.rule !== undefined) parts.push(`rule ${filter.rule}`)
  return parts.join(' · ')
}

/** The calm empty state: nothing pending or firing, and for what. */
export function emptyText(filter: TileAlerts['filter']): string {
  const scope = filterText(filter)
  return scope === '' ? 'No active alerts' : `No active alerts (${scope})`
}
