/**
 * What an `alerts` tile lists, as pure functions: its filter (the tile's options, with the
 * board's machine and line inputs filling in what the tile leaves open), whether an alert or an
 * alert event matches it, and the matching active alerts in the order a shift acts on them —
 * the most severe first, firing before pending, then the newest. The tile's route and the
 * kiosk's filtered alert stream both decide through here, so a TV is sent only what its tiles show.
 */
import { ALERT_SEVERITIES, type Alert } from '../alerts/alert-schemas.ts'
import { ALERT_TILE_LIMIT, type AlertTileOptions, type Board, type BoardInput } from './board-schemas.ts'

type Severity = (typeof ALERT_SEVERITIES)[number]

export interface AlertTileFilter {
  machine?: string
  line?: string
  sensor?: string
  minSeverity: Severity
  rule?: number
}

/** What of an alert (or an alert event) the filter reads. */
export type AlertFacts = Pick<Alert, 'labels' | 'severity' | 'ruleId'>

const rank = (severity: Severity) => ALERT_SEVERITIES.indexOf(severity)
const STATE_ORDER: Record<string, number> = { firing: 0, pending: 1 }

/**
 * The tile's filter. `given` are the board's input values by name (a query string); an input
 * not given takes its default. A tile's own machine or line wins over the board's input.
 */
export function alertTileFilter(options: AlertTileOptions, inputs: readonly BoardInput[], given: Readonly<Record<string, string | undefined>>): AlertTileFilter {
  const valueOf = (kind: 'machine' | 'line') => {
    const input = inputs.find((candidate) => candidate.kind === kind)
    if (input === undefined || input.kind === 'time-range') return undefined
    const value = given[input.name] ?? input.default
    return value === undefined || value === '' ? undefined : value
  }
  const filter: AlertTileFilter = { minSeverity: options.minSeverity ?? 'info' }
  const machine = options.machine ?? valueOf('machine')
  const line = options.line ?? valueOf('line')
  if (machine !== undefined) filter.machine = machine
  if (line !== undefined) filter.line = line
  if (options.sensor !== undefined) filter.sensor = options.sensor
  if (options.rule !== undefined) filter.rule = options.rule
  return filter
}

export function matchesAlertTile(alert: AlertFacts, filter: AlertTileFilter): boolean {
  if (rank(alert.severity) < rank(filter.minSeverity)) return false
  if (filter.rule !== undefined && alert.ruleId !== filter.rule) return false
  if (filter.machine !== undefined && alert.labels.machine_id !== filter.machine) return false
  if (filter.line !== undefined && alert.labels.line !== filter.line) return false
  if (filter.sensor !== undefined && alert.labels.sensor_id !== filter.sensor) return false
  return true
}

/** Most severe first, firing before pending, then the newest episode first. */
export function byTileUrgency(a: Alert, b: Alert): number {
  return rank(b.severity) - rank(a.severity) || (STATE_ORDER[a.state] ?? 2) - (STATE_ORDER[b.state] ?? 2) || Date.parse(b.since) - Date.parse(a.since) || b.id - a.id
}

/** The active alerts that match, ordered and cut to the tile's limit; `total` counts them all. */
export function tileAlerts(alerts: readonly Alert[], filter: AlertTileFilter, limit = ALERT_TILE_LIMIT): { alerts: Alert[]; total: number } {
  const matching = alerts.filter((alert) => alert.state !== 'resolved' && matchesAlertTile(alert, filter)).sort(byTileUrgency)
  return { alerts: matching.slice(0, limit), total: matching.length }
}

/** The filters of every alerts tile of these boards, as a kiosk shows them (inputs at their defaults). */
export function boardAlertFilters(boards: readonly Pick<Board, 'inputs' | 'tiles'>[]): AlertTileFilter[] {
  return boards.flatMap((board) => board.tiles.flatMap((tile) => (tile.alerts === undefined ? [] : [alertTileFilter(tile.alerts, board.inputs, {})])))
}
