/**
 * Starts a cockpit: open the runtime, check outside services, serve HTTP. Returns a handle
 * whose `close()` stops accepting requests, ends open connections and closes the databases.
 */
import type { Server } from 'node:http'
import type { Settings } from './config/index.ts'
import { createApp } from './app.ts'
import { dataDirExposure } from './data-dir.ts'
import { ensureFirstUsers } from './auth/first-run.ts'
import { seedExampleNotebooks } from './notebooks/example-notebooks.ts'
import { seedPlantOverview } from './boards/plant-overview.ts'
import type { Scheduler } from '../jobs/index.ts'
import { healthChecks } from './health/checks.ts'
import { leaseHolder, startJobs } from './jobs.ts'
import { alertsRuntime, type AlertsRuntime } from './alerts/alerts-runtime.ts'
import { startSensorStream, type SensorStream } from './sensors.ts'
import { listen } from './listen.ts'
import type { Logger } from './logger.ts'
import { preflight } from './preflight.ts'
import { openRuntime, type Runtime } from './runtime.ts'
import { sqlMetricLines } from './sql/sql-metrics.ts'
import { version } from './version.ts'

export interface StartOptions {
  settings: Settings
  logger: Logger
  /** Folder of the built web app; omitted to serve the API only. */
  webRoot?: string
}

export interface RunningCockpit {
  url: string
  runtime: Runtime
  close(): Promise<void>
}

/** Connections still open this long after a shutdown starts (SSE, keep-alive) are cut. */
const DRAIN_MS = 3_000

export async function startCockpit(options: StartOptions): Promise<RunningCockpit> {
  const { settings, logger } = options
  const runtime = await openRuntime(settings, logger)
  const exposed = dataDirExposure(settings.dataDir)
  if (exposed !== undefined) {
    logger.warn({ dataDir: settings.dataDir, mode: exposed }, `data dir ${settings.dataDir} is open to other users (mode ${exposed}) but holds password hashes and the audit log: run chmod 700 ${settings.dataDir}`)
  }
  let server: Server
  let scheduler: Scheduler | undefined
  let sensors: SensorStream | undefined
  let alerts: AlertsRuntime | undefined
  try {
    await preflight(runtime)
    await ensureFirstUsers({ db: runtime.appDb, mode: settings.mode, dataDir: settings.dataDir, logger })
    // Instances sharing the app database that start together seed under a lease: only one adds them.
    const seed = { mode: settings.mode, holder: leaseHolder(settings) }
    const examples = await seedExampleNotebooks(runtime.appDb, seed)
    if (examples > 0) logger.info({ examples }, 'example notebooks added (docs/notebooks.md)')
    if ((await seedPlantOverview(runtime.appDb, seed)) > 0) logger.info('the published Plant overview board added (docs/boards.md)')
    scheduler = await startJobs(runtime)
    // The engine exists before the stream, which feeds it every reading and closed window.
    alerts = alertsRuntime(runtime, logger, { smtp: { url: settings.smtpUrl, from: settings.smtpFrom }, leaseHolder: leaseHolder(settings) })
    await alerts.start()
    sensors = await startSensorStream(runtime, alerts.rules)
    alerts.watchSensors({ topic: settings.kafkaBrokers === undefined ? 'replay' : settings.kafkaTopic, summary: sensors.summary })
    const sensorMetrics = sensors.metrics
    const app = createApp({
      alerts,
      logger,
      runtime,
      scheduler,
      hub: sensors.hub,
      metrics: async () => [...(await sensorMetrics()), ...sqlMetricLines(runtime.sqlSandbox.stats())],
      webRoot: options.webRoot,
      health: { version, mode: settings.mode, checks: healthChecks(runtime, sensors.summary), timeoutMs: settings.connectTimeoutMs },
    })
    server = await listen({ app, port: settings.port, host: settings.host })
  } catch (error) {
    await alerts?.stop()
    await sensors?.stop()
    await scheduler?.stop()
    await runtime.close()
    throw error
  }

  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`
  logger.info({ url, mode: settings.mode, dataDir: settings.dataDir, version }, `Plant Cockpit listening on ${url}`)
  // Load the SQL sandbox's workers now, so the first query does not wait for them.
  runtime.sqlSandbox.warm()

  const close = async (): Promise<void> => {
    // End the SSE streams first, so open event streams do not hold the server's close.
    sensors?.hub.stop()
    await closeServer(server)
    await alerts?.stop()
    await sensors?.stop()
    await scheduler?.stop(4_000)
    await runtime.close()
  }
  return { url, runtime, close }
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
  await closed
  clearTimeout(cut)
}
