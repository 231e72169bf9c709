/**
 * GET /api/stream/sensors?machine=…&sensor=…: Server-Sent Events from the live hub — `live`
 * (latest reading and running window of each sensor that changed, at most every 100 ms),
 * `window` (a window closed), `overflow` (this client fell behind; here is the newest state),
 * and a comment heartbeat every 15 s. Reconnecting with Last-Event-ID replays missed windows.
 *
 * Built for thousands of clients (docs/sensors.md, "Performance"): an event the hub shares
 * between subscribers is serialised and encoded once (./sse-frame.ts) and the same bytes go to
 * every client, straight onto Node's response (./sse-sink.ts); one timer beats for all
 * clients — no per-client timer, stream pipeline or copy of an event.
 */
import { Hono, type Context } from 'hono'
import type { LiveFilter, LiveHub } from '../../jobs/index.ts'
import { HEARTBEAT_FRAME, sseFrame } from './sse-frame.ts'
import { sseResponse, type SseSink } from './sse-sink.ts'

const HEARTBEAT_MS = 15_000
const encoder = new TextEncoder()

/** Streams the hub's events matching a filter to one request; made once per server, so all clients share one heartbeat. */
export type SensorEvents = (c: Context, filter: LiveFilter) => Response | Promise<Response>

export function sensorEvents(hub: LiveHub): SensorEvents {
  const open = new Set<SseSink>()
  let heartbeat: NodeJS.Timeout | undefined
  const beat = (): void => {
    for (const sink of open) void sink.write(HEARTBEAT_FRAME)
  }

  return (c, filter) => {
    const lastEventId = Number(c.req.header('Last-Event-ID'))
    return sseResponse(c, async (sink) => {
      const subscription = hub.subscribe(filter, Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : undefined)
      // A disconnect frees the subscription at once, even while it waits for events.
      sink.onClose(() => subscription.close())
      open.add(sink)
      if (heartbeat === undefined) {
        heartbeat = setInterval(beat, HEARTBEAT_MS)
        heartbeat.unref()
      }
      try {
        await sink.write(encoder.encode(`event: hello\ndata: ${JSON.stringify({ sensors: hub.snapshot(filter) })}\n\n`))
        while (!sink.closed) {
          const events = await subscription.next()
          if (events.length === 0) break
          for (const event of events) {
            // Await only a client that is not keeping up: an await per write per client adds up.
            const drained = sink.write(sseFrame(event))
            if (drained !== undefined) await drained
          }
        }
      } finally {
        open.delete(sink)
        if (open.size === 0 && heartbeat !== undefined) {
          clearInterval(heartbeat)
          heartbeat = undefined
        }
        subscription.close()
      }
    })
  }
}

/** The query's machine and sensor filters. */
export function sensorFilter(c: Context): LiveFilter {
  return { machines: c.req.queries('machine') ?? [], sensors: c.req.queries('sensor') ?? [] }
}

export function streamRoute(events: SensorEvents): Hono {
  return new Hono().get('/sensors', (c) => events(c, sensorFilter(c)))
}
