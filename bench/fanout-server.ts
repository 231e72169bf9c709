/**
 * The server side of the `fanout` benchmark, in its own Node process (started by ./fanout.ts
 * with --expose-gc and an IPC channel) so that its RSS is the server's alone.
 *
 * - product:   the product's LiveHub and SSE route (server/routes/stream.ts) on
 *              @hono/node-server, fed every FEED_MS with a reading for each of SENSORS
 *              sensors, event time = now — so each client gets about 1000 / FEED_MS `live`
 *              events a second (the hub ticks every 100 ms).
 * - reference: a bare Hono streamSSE broadcast: every FEED_MS one event with the same
 *              payload shape is written to every open stream.
 *
 * IPC: sends {port} when listening; answers {type: 'rss'} with {rss, clients} after a full GC.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { LiveHub, type LiveSensor } from '../jobs/index.ts'
import { sensorEvents, streamRoute } from '../server/routes/stream.ts'

export const FEED_MS = 250
export const SENSORS = 10

const mode = process.argv[2] as 'product' | 'reference'
const gc = (globalThis as { gc?: () => void }).gc

function sensorsNow(now: number, step: number): LiveSensor[] {
  return Array.from({ length: SENSORS }, (_, i) => {
    const temperatureC = 60 + ((step * 7 + i * 13) % 200) / 10
    return {
      sensorId: `M${String(i).padStart(2, '0')}-T1`,
      machineId: `M${String(i).padStart(2, '0')}`,
      latest: { ts: now, temperatureC },
      window: { sensorId: `M${String(i).padStart(2, '0')}-T1`, machineId: `M${String(i).padStart(2, '0')}`, windowStart: now - (now % 60_000), windowEnd: now - (now % 60_000) + 60_000, n: step % 240, minC: 60, maxC: 80, avgC: 70.1234, stddevC: 3.21, firstC: 61.5, lastC: temperatureC },
    }
  })
}

function productApp(): { app: Hono; clients: () => number } {
  const hub = new LiveHub()
  let step = 0
  setInterval(() => {
    const now = Date.now()
    step++
    for (const sensor of sensorsNow(now, step)) hub.add({ sensorId: sensor.sensorId, machineId: sensor.machineId, ts: now, temperatureC: sensor.latest.temperatureC })
  }, FEED_MS)
  return { app: new Hono().route('/api/stream', streamRoute(sensorEvents(hub))), clients: () => hub.subscriberCount }
}

function referenceApp(): { app: Hono; clients: () => number } {
  const streams = new Set<SSEStreamingApi>()
  let id = 0
  let step = 0
  setInterval(() => {
    step++
    const data = JSON.stringify({ sensors: sensorsNow(Date.now(), step) })
    id++
    for (const stream of streams) void stream.writeSSE({ id: String(id), event: 'live', data })
  }, FEED_MS)
  const app = new Hono().get('/api/stream/sensors', (c) =>
    streamSSE(c, async (stream) => {
      streams.add(stream)
      await new Promise<void>((resolve) => stream.onAbort(resolve))
      streams.delete(stream)
    }),
  )
  return { app, clients: () => streams.size }
}

const { app, clients } = mode === 'product' ? productApp() : referenceApp()
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send?.({ port: info.port }))
process.on('message', (message: { type: string }) => {
  if (message.type !== 'rss') return
  gc?.()
  gc?.()
  process.send?.({ rss: process.memoryUsage.rss(), clients: clients() })
})
process.on('disconnect', () => process.exit(0))
