/**
 * One SSE connection per alert stream shared by every part of a page that listens — the toasts
 * on every page, the alerts tiles, and the charts that draw firings (each sensor card of the Live
 * view, each live tile of a board). A browser allows six connections per server over HTTP/1.1, so
 * one each would soon starve the page's other requests. A kiosk listens to its link's own stream
 * (/api/kiosk/{token}/alerts) the same way. Each opens with its first subscriber and closes with
 * its last.
 */
import type { StreamStatus } from '../live/sensor-stream.ts'
import { ALERT_STREAM, openAlertStream, type AlertHandlers } from './alert-stream.ts'

interface Hub {
  subscribers: Set<AlertHandlers>
  status: StreamStatus
  close: () => void
}

const hubs = new Map<string, Hub>()

/** Opens the stream at `url` for the hub's subscribers (the first one already among them, so it hears 'connecting'). */
function open(hub: Hub, url: string): void {
  hub.close = openAlertStream(
    {
      status(next) {
        hub.status = next
        for (const handlers of hub.subscribers) handlers.status?.(next)
      },
      event(event) {
        for (const handlers of hub.subscribers) handlers.event(event)
      },
    },
    url,
  )
}

/** Receives the alert stream at `url` (the signed-in one by default) until the returned function is called. */
export function subscribeAlertStream(handlers: AlertHandlers, url = ALERT_STREAM): () => void {
  let hub = hubs.get(url)
  if (hub === undefined) {
    hub = { subscribers: new Set([handlers]), status: 'connecting', close: () => undefined }
    hubs.set(url, hub)
    open(hub, url)
  } else {
    hub.subscribers.add(handlers)
    handlers.status?.(hub.status)
  }
  const joined = hub
  return () => {
    joined.subscribers.delete(handlers)
    if (joined.subscribers.size > 0 || hubs.get(url) !== joined) return
    joined.close()
    hubs.delete(url)
  }
}
