/**
 * GET /api/stream/alerts: Server-Sent Events of recorded alert transitions and acknowledgements
 * (`alert`, data: an AlertEvent, id: its time), a `hello` on connect with the active alerts, and
 * a comment heartbeat every 15 s — for the web app's toasts and the browser's Notification API.
 */
import { Hono } from 'hono'
import type { AppDb } from '../../db/index.ts'
import type { AlertBus } from '../alerts/alert-bus.ts'
import type { AlertEvent } from '../alerts/alert-schemas.ts'
import { listAlerts } from '../alerts/alert-store.ts'
import { HEARTBEAT_FRAME } from './sse-frame.ts'
import { sseResponse } from './sse-sink.ts'

const HEARTBEAT_MS = 15_000
const encoder = new TextEncoder()

export function alertStreamRoute(options: { db: AppDb; bus: AlertBus }): Hono {
  return new Hono().get('/alerts', (c) =>
    sseResponse(c, async (sink) => {
      const waiting: AlertEvent[] = []
      let wake: (() => void) | undefined
      const unsubscribe = options.bus.subscribe((event) => {
        waiting.push(event)
        wake?.()
      })
      const heartbeat = setInterval(() => void sink.write(HEARTBEAT_FRAME), HEARTBEAT_MS)
      heartbeat.unref()
      sink.onClose(() => wake?.())
      try {
        const active = await listAlerts(options.db, { state: 'active', limit: 1000 })
        await sink.write(encoder.encode(`event: hello\ndata: ${JSON.stringify({ alerts: active })}\n\n`))
        while (!sink.closed) {
          if (waiting.length === 0) await new Promise<void>((resolve) => (wake = resolve))
          wake = undefined
          for (const event of waiting.splice(0)) await sink.write(encoder.encode(`event: alert\ndata: ${JSON.stringify(event)}\n\n`))
        }
      } finally {
        clearInterval(heartbeat)
        unsubscribe()
      }
    }),
  )
}
