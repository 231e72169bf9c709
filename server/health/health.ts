/**
 * The health report: each component checked in parallel, each bounded in time, so that
 * /api/health answers promptly even when Kafka or S3 hangs.
 */
import type { Mode } from '../config/index.ts'
import type { SensorPipelineSummary } from '../sensors.ts'

export type ComponentStatus = 'ok' | 'degraded' | 'down'

export interface ComponentHealth {
  status: ComponentStatus
  message: string
  /** The sensor source's throughput, commit latency and lag. */
  pipeline?: SensorPipelineSummary
}

export type ComponentName = 'appDb' | 'catalog' | 'sensorSource' | 'mesSource'

export type HealthCheck = () => Promise<ComponentHealth>

export interface HealthReport {
  status: ComponentStatus
  version: string
  mode: Mode
  components: Record<ComponentName, ComponentHealth>
}

export interface CheckHealthOptions {
  version: string
  mode: Mode
  checks: Record<ComponentName, HealthCheck>
  timeoutMs: number
}

/** Without the app database or the catalog nothing works: those make the whole report down. */
const ESSENTIAL: readonly ComponentName[] = ['appDb', 'catalog']

export async function checkHealth(options: CheckHealthOptions): Promise<HealthReport> {
  const names = Object.keys(options.checks) as ComponentName[]
  const results = await Promise.all(names.map((name) => runCheck(options.checks[name], options.timeoutMs)))
  const components = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<ComponentName, ComponentHealth>
  return { status: overall(components), version: options.version, mode: options.mode, components }
}

function overall(components: Record<ComponentName, ComponentHealth>): ComponentStatus {
  const entries = Object.entries(components) as [ComponentName, ComponentHealth][]
  if (entries.some(([name, health]) => ESSENTIAL.includes(name) && health.status === 'down')) return 'down'
  if (entries.some(([, health]) => health.status !== 'ok')) return 'degraded'
  return 'ok'
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<ComponentHealth>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', message: `no answer within ${timeoutMs} ms` }), timeoutMs)
  })
  try {
    return await Promise.race([check(), timeout])
  } catch (error) {
    return { status: 'down', message: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}
