/**
 * Which stream events become toasts, and how many stay on screen: a firing that is not silenced;
 * the newest first, at most `max`; a repeat of the same rule and series replaces its toast.
 */
import type { AlertEvent } from './alert-types.ts'

export interface Toast {
  id: string
  event: AlertEvent
}

export function shouldToast(event: AlertEvent): boolean {
  return event.to === 'firing' && !event.silenced
}

export function addToast(toasts: readonly Toast[], event: AlertEvent, max = 4): Toast[] {
  const id = `${event.ruleId}/${event.key}`
  return [{ id, event }, ...toasts.filter((toast) => toast.id !== id)].slice(0, max)
}
