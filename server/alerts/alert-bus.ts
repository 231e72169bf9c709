/**
 * Recorded alert events, told to whoever listens in this process: the SSE stream and the
 * notifier. A listener that throws is logged by the caller's onError and does not stop the others.
 */
import type { AlertEvent } from './alert-schemas.ts'

export type AlertListener = (event: AlertEvent) => void

export class AlertBus {
  private readonly listeners = new Set<AlertListener>()

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(event: AlertEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        this.onError(error)
      }
    }
  }
}
