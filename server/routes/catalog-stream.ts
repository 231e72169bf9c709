/**
 * Server-sent `catalog` events (../boards/catalog-watch.ts): one per catalog commit, with the
 * tables it changed and its snapshot id, so open boards re-run the tiles reading those tables.
 * `GET /api/stream/catalog` for signed-in users; the kiosk route serves the same stream to a
 * kiosk link. A comment heartbeat every 15 s keeps proxies from closing an idle stream.
 */
import { Hono, type Context } from 'hono'
import type { CatalogEvent } from '../boards/board-schemas.ts'
import type { CatalogWatch } from '../boards/catalog-watch.ts'
import { HEARTBEAT_FRAME } from './sse-frame.ts'
import { sseResponse } from './sse-sink.ts'

const HEARTBEAT_MS = 15_000
const encoder = new TextEncoder()

export function catalogFrame(event: CatalogEvent): Uint8Array {
  return encoder.encode(`id: ${event.snapshot}\nevent: catalog\ndata: ${JSON.stringify(event)}\n\n`)
}

/** Streams `catalog` events to this request until the client goes away. */
export function catalogEvents(c: Context, watch: CatalogWatch): Response | Promise<Response> {
  return sseResponse(c, async (sink) => {
    const subscription = watch.subscribe((event) => void sink.write(catalogFrame(event)))
    const heartbeat = setInterval(() => void sink.write(HEARTBEAT_FRAME), HEARTBEAT_MS)
    heartbeat.unref()
    const closed = new Promise<void>((resolve) => sink.onClose(resolve))
    try {
      // `hello` says from which snapshot on the events come: what a board loaded before it may have missed.
      await sink.write(encoder.encode(`event: hello\ndata: ${JSON.stringify({ snapshot: await subscription.ready })}\n\n`))
      await closed
    } finally {
      clearInterval(heartbeat)
      subscription.close()
    }
  })
}

/** GET /api/stream/catalog for signed-in users. */
export function catalogStreamRoute(watch: CatalogWatch): Hono {
  return new Hono().get('/', (c) => catalogEvents(c, watch))
}
