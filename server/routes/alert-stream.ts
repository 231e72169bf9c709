/**
 * GET /api/stream/alerts: Server-Sent Events of recorded alert transitions and acknowledgements
 * (`alert`, data: an AlertEvent, id: its time), a `hello` on connect with the active alerts, and
 * a comment heartbeat every 15 s — for the web app's toasts, the boards' alerts tiles and the
 * browser's Notification API. A kiosk link's stream (./kiosk.ts) is the same, narrowed to what
 * its boards' alerts tiles show.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppDb } from '../../db/index.ts'
import type { AlertBus } from '../alerts/alert-bus.ts'
import type { Alert, AlertEvent } from '../alerts/alert-schemas.ts'
import { listAlerts } from '../alerts/alert-store.ts'
import { HEARTBEAT_FRAME } from './sse-frame.ts'
import { sseResponse } from './sse-sink.ts'

const HEARTBEAT_MS = 15_000
const encoder = new TextEncoder()

export interface AlertStreamOptions {
  db: AppDb
  bus: AlertBus
  /** Which alerts and events this client may be sent; default: all. */
  accept?: (alert: Pick<Alert, 'labels' | 'severity' | 'ruleId'>) => boolean
}

export function alertStreamRoute(options: Omit<AlertStreamOptions, 'accept'>): Hono {
  return new Hono().get('/alerts', (c) => alertEvents(c, options))
}

/** The alert event stream of one client. */
export function alertEvents(c: Context, options: AlertStreamOptions): Response | Promise<Response> {
  const accept = options.accept ?? (() => true)
  return sseResponse(c, async (sink) => {
    const waiting: AlertEvent[] = []
    let wake: (() => void) | undefined
    const unsubscribe = options.bus.subscribe((event) => {
      if (!accept(event)) return
      waiting.push(event)
      wake?.()
    })
    const heartbeat = setInterval(() => void sink.write(HEARTBEAT_FRAME), HEARTBEAT_MS)
    heartbeat.unref()
    sink.onClose(() => wake?.())
    try {
      const active = (await listAlerts(options.db, { state: 'active', limit: 1000 })).filter(accept)
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
  })
}
