/**
 * One SSE connection to /api/stream/sensors shared by every part of a page that draws it — a
 * notebook may hold several live cells, and a browser allows only six connections per server
 * over HTTP/1.1, so each opening its own would soon starve the page's other requests. The
 * connection opens with the first subscriber and closes with the last; a late subscriber gets
 * the stream's current state and each sensor's latest reading at once.
 */
import type { LiveSensor } from './live-types.ts'
import { openSensorStream, type StreamHandlers, type StreamStatus } from './sensor-stream.ts'

const subscribers = new Set<StreamHandlers>()
const latest = new Map<string, LiveSensor>()
let status: StreamStatus = 'connecting'
let close: (() => void) | undefined

function open(): void {
  close = openSensorStream({
    status(next) {
      status = next
      for (const handlers of subscribers) handlers.status(next)
    },
    sensors(sensors) {
      for (const sensor of sensors) latest.set(sensor.sensorId, sensor)
      for (const handlers of subscribers) handlers.sensors(sensors)
    },
    overflow(dropped) {
      for (const handlers of subscribers) handlers.overflow(dropped)
    },
  })
}

/** Receives the shared stream until the returned function is called. */
export function subscribeSensorStream(handlers: StreamHandlers): () => void {
  subscribers.add(handlers)
  if (close === undefined) open()
  else {
    handlers.status(status)
    if (latest.size > 0) handlers.sensors([...latest.values()])
  }
  return () => {
    subscribers.delete(handlers)
    if (subscribers.size > 0 || close === undefined) return
    close()
    close = undefined
    latest.clear()
    status = 'connecting'
  }
}

/** After the server closed the stream (signed out, say): connect again for every subscriber. */
export function reconnectSensorStream(): void {
  close?.()
  open()
}
