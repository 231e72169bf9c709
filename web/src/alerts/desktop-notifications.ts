/**
 * The browser's Notification API for firing alerts: asked for only when the user presses the
 * button (browsers ignore or punish asking on load), and used only once granted.
 */
import { labelText } from './alert-order.ts'
import type { AlertEvent } from './alert-types.ts'

export type Permission = NotificationPermission | 'unsupported'

export function permission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

export async function askPermission(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported'
  return Notification.requestPermission()
}

/** One notification per rule and series: a repeat replaces the earlier one instead of piling up. */
export function notifyDesktop(event: AlertEvent): void {
  if (permission() !== 'granted') return
  const notification = new Notification(`${event.severity}: ${event.ruleName}`, { body: labelText(event.labels), tag: `alert-${event.ruleId}-${event.key}` })
  notification.onclick = () => {
    window.focus()
    location.hash = '#/alerts'
  }
}
