/**
 * Alert transitions as the server announces them: an `alert` event (AlertEvent) per transition
 * on `/api/stream/alerts`. EventSource reconnects by itself; the status says when it is trying.
 */
import type { StreamStatus } from '../live/sensor-stream.ts'
import type { AlertEvent } from './alert-types.ts'

export const ALERT_STREAM = '/api/stream/alerts'

export interface AlertHandlers {
  status?(status: StreamStatus): void
  event(event: AlertEvent): void
}

export function openAlertStream(handlers: AlertHandlers, url = ALERT_STREAM): () => void {
  const source = new EventSource(url)
  handlers.status?.('connecting')
  source.onopen = () => handlers.status?.('live')
  source.addEventListener('alert', (event) => handlers.event(JSON.parse((event as MessageEvent<string>).data) as AlertEvent))
  source.onerror = () => handlers.status?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
  return () => source.close()
}
