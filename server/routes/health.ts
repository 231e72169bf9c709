/** GET /api/health: the state of each component. 503 when the cockpit cannot serve data. */
import { Hono } from 'hono'
import { checkHealth, type ComponentName, type HealthCheck } from '../health/health.ts'
import type { Mode } from '../config/index.ts'

export interface HealthRouteOptions {
  version: string
  mode: Mode
  checks: Record<ComponentName, HealthCheck>
  timeoutMs: number
}

export function healthRoute(options: HealthRouteOptions): Hono {
  return new Hono().get('/', async (c) => {
    const report = await checkHealth(options)
    return c.json(report, report.status === 'down' ? 503 : 200)
  })
}
