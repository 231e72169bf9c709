/**
 * The KPI rebuild as a job of its own (`kpi-rebuild`), with its own run and DuckDB session: MES
 * ingestion triggers it after each run that committed rows, for the days those rows touched,
 * so an ingestion run ends at its commit and a KPI failure never fails the ingestion.
 */
import type { Catalog } from '../../catalog/index.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import type { JobLogger } from '../job-logger.ts'
import { finishRun, startRun } from '../job-runs.ts'
import { buildKpis } from './build-kpis.ts'

export const KPI_JOB = 'kpi-rebuild'

export interface KpiRebuildOptions {
  catalog: Catalog
  plantTz: string
  tempDir: string
  trigger: string
  logger: JobLogger
  /** Event-time ranges (ISO instants) of the rows just committed. */
  eventTimes: { min: string; max: string }[]
}

export interface KpiRebuildSummary {
  runId: number
  /** Plant-local days whose KPIs were recomputed, YYYY-MM-DD. */
  kpiDays: string[]
  durationMs: number
}

export async function runKpiRebuild(options: KpiRebuildOptions): Promise<KpiRebuildSummary> {
  const { catalog, logger } = options
  const started = Date.now()
  const runId = await startRun(catalog.db, KPI_JOB, options.trigger, catalog.clock())
  const session = await openDuckDbSession({ plantTz: options.plantTz, tempDir: options.tempDir })
  try {
    const kpiDays = await buildKpis({ catalog, connection: session.connection, plantTz: options.plantTz, runId, eventTimes: options.eventTimes })
    const summary = { runId, kpiDays, durationMs: Date.now() - started }
    await finishRun(catalog.db, runId, { summary: { days: kpiDays.length, from: kpiDays[0], to: kpiDays.at(-1), durationMs: summary.durationMs } }, catalog.clock())
    logger.info({ job: KPI_JOB, runId, days: kpiDays.length }, `KPIs rebuilt for ${kpiDays.length} day(s)`)
    return summary
  } catch (error) {
    const message = (error as Error).message
    await finishRun(catalog.db, runId, { error: message }, catalog.clock())
    logger.error({ job: KPI_JOB, runId, err: error }, `KPI rebuild failed: ${message}`)
    throw error
  } finally {
    session.close()
  }
}
