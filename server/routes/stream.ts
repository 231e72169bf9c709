/**
 * GET /api/stream/sensors?machine=…&sensor=…: Server-Sent Events from the live hub — `live`
 * (latest reading and running window of each sensor that changed, at most every 100 ms),
 * `window` (a window closed), `overflow` (this client fell behind; here is the newest state),
 * and a comment heartbeat every 15 s. Reconnecting with Last-Event-ID replays missed windows.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { LiveHub } from '../../jobs/index.ts'

const HEARTBEAT_MS = 15_000

export function streamRoute(hub: LiveHub): Hono {
  return new Hono().get('/sensors', (c) => {
    const filter = { machines: c.req.queries('machine') ?? [], sensors: c.req.queries('sensor') ?? [] }
    const lastEventId = Number(c.req.header('Last-Event-ID'))
    return streamSSE(c, async (stream) => {
      const subscription = hub.subscribe(filter, Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : undefined)
      // A disconnect frees the subscription at once, even while it waits for events.
      stream.onAbort(() => subscription.close())
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(() => subscription.close()), HEARTBEAT_MS)
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ sensors: hub.snapshot(filter) }) })
        while (!stream.aborted && !stream.closed) {
          const events = await subscription.next()
          if (events.length === 0) break
          for (const event of events) await stream.writeSSE({ id: String(event.id), event: event.event, data: JSON.stringify(event.data) })
        }
      } finally {
        clearInterval(heartbeat)
        subscription.close()
      }
    })
  })
}
