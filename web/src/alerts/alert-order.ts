/**
 * The current alerts in the order people act on them: firing before pending, the most severe
 * first, then the oldest (longest-standing) first; resolved ones are history, newest first.
 */
import type { Alert } from './alert-types.ts'
import { SEVERITY_RANK } from './severity.ts'

const STATE_RANK = { firing: 0, pending: 1, resolved: 2 } as const

export function byUrgency(a: Alert, b: Alert): number {
  return STATE_RANK[a.state] - STATE_RANK[b.state] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(a.since) - Date.parse(b.since)
}

export function splitAlerts(alerts: readonly Alert[]): { current: Alert[]; history: Alert[] } {
  const current = alerts.filter((alert) => alert.state !== 'resolved').sort(byUrgency)
  const history = alerts.filter((alert) => alert.state === 'resolved').sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
  return { current, history }
}


/** Labels as people read them: "machine_id=M07 · sensor_id=M07-T1", rule labels after the series'. */
export function labelText(labels: Record<string, string>): string {
  const first = ['machine_id', 'sensor_id', 'line']
  const keys = Object.keys(labels).sort((a, b) => (first.indexOf(a) + 1 || 99) - (first.indexOf(b) + 1 || 99) || a.localeCompare(b))
  return keys.map((key) => `${key}=${labels[key]}`).join(' · ')
}
