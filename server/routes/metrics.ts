/** GET /api/metrics: Prometheus text format. */
import { Hono } from 'hono'

export function metricsRoute(collect: () => Promise<string[]>): Hono {
  return new Hono().get('/', async (c) => c.text(`${(await collect()).join('\n')}\n`, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }))
}
