/**
 * GET /api/stream/sensors?machine=…&sensor=…: Server-Sent Events from the live hub — `live`
 * (latest reading and running window of each sensor that changed, at most every 100 ms),
 * `window` (a window closed), `overflow` (this client fell behind; here is the newest state),
 * and a comment heartbeat every 15 s. Reconnecting with Last-Event-ID replays missed windows.
 *
 * Built for thousands of clients: an event the hub shares between subscribers is serialised
 * and encoded once (./sse-frame.ts) and the same bytes are written to every client, and one
 * timer beats for all of them — no per-client timer, no per-client copy of an event.
 */
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import type { LiveHub } from '../../jobs/index.ts'
import { HEARTBEAT_FRAME, sseFrame } from './sse-frame.ts'

const HEARTBEAT_MS = 15_000

export function streamRoute(hub: LiveHub): Hono {
  const open = new Set<SSEStreamingApi>()
  let heartbeat: NodeJS.Timeout | undefined
  const beat = (): void => {
    for (const stream of open) void stream.write(HEARTBEAT_FRAME)
  }

  return new Hono().get('/sensors', (c) => {
    const filter = { machines: c.req.queries('machine') ?? [], sensors: c.req.queries('sensor') ?? [] }
    const lastEventId = Number(c.req.header('Last-Event-ID'))
    return streamSSE(c, async (stream) => {
      const subscription = hub.subscribe(filter, Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : undefined)
      // A disconnect frees the subscription at once, even while it waits for events.
      stream.onAbort(() => subscription.close())
      open.add(stream)
      if (heartbeat === undefined) {
        heartbeat = setInterval(beat, HEARTBEAT_MS)
        heartbeat.unref()
      }
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ sensors: hub.snapshot(filter) }) })
        while (!stream.aborted && !stream.closed) {
          const events = await subscription.next()
          if (events.length === 0) break
          for (const event of events) await stream.write(sseFrame(event))
        }
      } finally {
        open.delete(stream)
        if (open.size === 0 && heartbeat !== undefined) {
          clearInterval(heartbeat)
          heartbeat = undefined
        }
        subscription.close()
      }
    })
  })
}
