/**
 * One SSE connection to /api/stream/alerts shared by every part of a page that listens — the
 * toasts on every page, and the charts that draw firings (each sensor card of the Live view, each
 * live tile of a board). A browser allows six connections per server over HTTP/1.1, so one each
 * would soon starve the page's other requests. Opens with the first subscriber, closes with the last.
 */
import type { StreamStatus } from '../live/sensor-stream.ts'
import { openAlertStream, type AlertHandlers } from './alert-stream.ts'

const subscribers = new Set<AlertHandlers>()
let status: StreamStatus = 'connecting'
let close: (() => void) | undefined

function open(): void {
  close = openAlertStream({
    status(next) {
      status = next
      for (const handlers of subscribers) handlers.status?.(next)
    },
    event(event) {
      for (const handlers of subscribers) handlers.event(event)
    },
  })
}

/** Receives the shared alert stream until the returned function is called. */
export function subscribeAlertStream(handlers: AlertHandlers): () => void {
  subscribers.add(handlers)
  if (close === undefined) open()
  else handlers.status?.(status)
  return () => {
    subscribers.delete(handlers)
    if (subscribers.size > 0 || close === undefined) return
    close()
    close = undefined
    status = 'connecting'
  }
}
