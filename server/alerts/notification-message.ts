/**
 * The message a contact gets about one group (a rule on one machine): every alert of the group
 * firing now, or that the group resolved. The same JSON is a webhook's body and an e-mail's
 * attachment-free text source.
 */
import type { Alert } from './alert-schemas.ts'

export interface NotificationMessage {
  version: 1
  /** `firing`: the group's firing alerts (new ones, or a repeat); `resolved`: none fires any more. */
  status: 'firing' | 'resolved'
  repeat: boolean
  group: { key: string; ruleId: number; ruleName: string; machine: string | null }
  alerts: Pick<Alert, 'id' | 'key' | 'labels' | 'state' | 'severity' | 'since' | 'value' | 'peak' | 'acknowledged'>[]
  /** Filled at each delivery attempt, with the delivery's id. */
  deliveryId?: number
  sentAt?: string
}

export function subjectOf(message: NotificationMessage): string {
  const where = message.group.machine === null ? '' : ` on ${message.group.machine}`
  if (message.status === 'resolved') return `[resolved] ${message.group.ruleName}${where}`
  const severity = message.alerts[0]?.severity ?? 'warning'
  return `[${severity}${message.repeat ? ', still firing' : ''}] ${message.group.ruleName}${where}: ${message.alerts.length} alert${message.alerts.length === 1 ? '' : 's'}`
}

export function textOf(message: NotificationMessage): string {
  const lines = message.alerts.map((alert) => `- ${Object.entries(alert.labels).map(([name, value]) => `${name}=${value}`).join(' ')}: ${alert.state} since ${alert.since}, value ${alert.value ?? '–'}, peak ${alert.peak ?? '–'}${alert.acknowledged === null ? '' : ` (acknowledged by ${alert.acknowledged.by}: ${alert.acknowledged.comment})`}`)
  return [subjectOf(message), '', ...lines, ''].join('\n')
}
