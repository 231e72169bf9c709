/**
 * The SSE connection of the Live view (/api/stream/sensors, docs/sensors.md). EventSource
 * reconnects by itself after a loss (sending Last-Event-ID); this only turns its events into
 * the states the page shows, and parses the payloads.
 */
import type { LiveSensor } from './live-types.ts'

export type StreamStatus =
  /** First connection, nothing received yet. */
  | 'connecting'
  | 'live'
  /** The connection dropped; EventSource is retrying. */
  | 'reconnecting'
  /** The server refused the stream (signed out, no permission): EventSource gives up. */
  | 'closed'

export interface StreamHandlers {
  status(status: StreamStatus): void
  sensors(sensors: LiveSensor[]): void
  overflow(dropped: number): void
}

export function openSensorStream(handlers: StreamHandlers, url = '/api/stream/sensors'): () => void {
  const source = new EventSource(url)
  const data = (e: Event) => JSON.parse((e as MessageEvent<string>).data) as { sensors: LiveSensor[]; dropped?: number }
  handlers.status('connecting')
  source.addEventListener('hello', (e) => {
    handlers.status('live')
    handlers.sensors(data(e).sensors)
  })
  source.addEventListener('live', (e) => handlers.sensors(data(e).sensors))
  source.addEventListener('overflow', (e) => {
    const payload = data(e)
    handlers.overflow(payload.dropped ?? 0)
    handlers.sensors(payload.sensors)
  })
  source.onerror = () => handlers.status(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
  return () => source.close()
}
