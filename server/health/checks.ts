/**
 * The health checks of a running cockpit, one per component, built from its runtime.
 * The same probes back the start-up preflight, so a failing start and a red health report
 * give the same message.
 */
import { probeLocation } from '../../catalog/index.ts'
import { probeKafka } from '../../jobs/index.ts'
import { kafkaConnection } from '../kafka-connection.ts'
import type { Runtime } from '../runtime.ts'
import type { SensorPipelineSummary } from '../sensors.ts'
import { appDbHealthCheck } from './app-db-probe.ts'
import type { ComponentName, HealthCheck } from './health.ts'

type ProbeRuntime = Pick<Runtime, 'settings' | 's3'>

/** `pipeline` summarises the running sensor stream (rates, commit latency, lag). */
export function healthChecks(runtime: Runtime, pipeline?: () => Promise<SensorPipelineSummary>): Record<ComponentName, HealthCheck> {
  return {
    appDb: appDbHealth(runtime),
    catalog: async () => {
      await runtime.engine?.ping()
      return { status: 'ok', message: `DuckDB; catalog in ${await probeCatalog(runtime)}` }
    },
    sensorSource: async () => {
      const [message, summary] = await Promise.all([probeSensorSource(runtime), pipeline?.()])
      if (summary === undefined) return { status: 'ok', message }
      const lag = summary.consumerLag === null ? '' : `, lag ${summary.consumerLag}`
      const commit = summary.lastCommitMs === null ? '' : `, last commit ${summary.lastCommitMs} ms`
      const rates = `${summary.readingsPerSecond} readings/s, ${summary.rejectsPerSecond} rejects/s${commit}${lag}`
      // Readings wait in memory to be committed again; nothing is lost, but the catalog falls behind.
      if (summary.commitError !== null) return { status: 'degraded', message: `${message}; catalog commits failing (${summary.commitError}); ${rates}`, pipeline: summary }
      return { status: 'ok', message: `${message}; ${rates}`, pipeline: summary }
    },
    mesSource: async () => ({ status: 'ok', message: `MES dumps from ${await probeMesSource(runtime)}` }),
  }
}

/** `select 1` on the app database, cached briefly; PostgreSQL named by host, port and database (not user or password). */
function appDbHealth(runtime: Runtime): HealthCheck {
  const url = runtime.settings.databaseUrl
  if (url === undefined) return appDbHealthCheck({ db: runtime.appDb, kind: 'SQLite' })
  const parsed = new URL(url)
  return appDbHealthCheck({ db: runtime.appDb, kind: 'PostgreSQL', where: `${parsed.host}${parsed.pathname}` })
}

export function probeCatalog(runtime: ProbeRuntime): Promise<string> {
  const { settings } = runtime
  return probeLocation({ location: settings.catalog, s3: runtime.s3, timeoutMs: settings.connectTimeoutMs, create: true })
}

export function probeMesSource(runtime: ProbeRuntime): Promise<string> {
  const { settings } = runtime
  return probeLocation({ location: settings.mesSource, s3: runtime.s3, timeoutMs: settings.connectTimeoutMs, create: true })
}

export async function probeSensorSource(runtime: ProbeRuntime): Promise<string> {
  const { settings } = runtime
  if (settings.kafkaBrokers === undefined) return 'embedded mode: no Kafka configured'
  const cluster = await probeKafka({ ...kafkaConnection(settings, settings.kafkaBrokers), timeoutMs: settings.connectTimeoutMs })
  return `Kafka at ${settings.kafkaBrokers.join(',')} (${cluster.brokers} broker(s)), topic ${settings.kafkaTopic}`
}
