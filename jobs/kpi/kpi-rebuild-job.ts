/**
 * The KPI rebuild as a job of its own (`kpi-rebuild`), with its own run and DuckDB session: it
 * pays the KPI debt (./kpi-debt.ts) — after each MES run, at server start, and on demand — so an
 * ingestion run ends at its commit, a KPI failure never fails the ingestion's commits, and days
 * a crash left unbuilt are built by whichever run comes next. Nothing owed, no run — unless
 * someone asked for one (`manual`), who then sees a run that found nothing to do.
 * Within a process, payments run one after another: two at once would read the same snapshot
 * and the second commit would fail on the first one's files.
 */
import { hasDebt, type Catalog } from '../../catalog/index.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import type { JobLogger } from '../job-logger.ts'
import type { LeaseGuard } from '../lease-guard.ts'
import { finishRun, startRun } from '../job-runs.ts'
import { KPI_DEBT, payKpiDebt } from './kpi-debt.ts'

export const KPI_JOB = 'kpi-rebuild'

export interface KpiRebuildOptions {
  catalog: Catalog
  plantTz: string
  tempDir: string
  trigger: string
  logger: JobLogger
  /** The lease this run holds (../../lease-guard.ts): it stops between months and commits only while the lease is still its own. */
  lease?: LeaseGuard
}

export interface KpiRebuildSummary {
  runId: number
  /** Plant-local days holding the data whose KPIs were recomputed, YYYY-MM-DD. */
  kpiDays: string[]
  durationMs: number
}

const inFlight = new WeakMap<Catalog, Promise<unknown>>()

/** Pays the KPI debt in a run of its own; undefined when nothing was owed (and no run was asked for). */
export function runKpiRebuild(options: KpiRebuildOptions): Promise<KpiRebuildSummary | undefined> {
  const previous = inFlight.get(options.catalog) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => payInRun(options))
  inFlight.set(options.catalog, next)
  return next
}

async function payInRun(options: KpiRebuildOptions): Promise<KpiRebuildSummary | undefined> {
  const { catalog, logger } = options
  if (options.trigger !== 'manual' && !(await hasDebt(catalog, KPI_DEBT))) return undefined
  const started = Date.now()
  const runId = await startRun(catalog.db, KPI_JOB, options.trigger, catalog.clock())
  const session = await openDuckDbSession({ plantTz: options.plantTz, tempDir: options.tempDir })
  try {
    const kpiDays = (await payKpiDebt({ catalog, connection: session.connection, plantTz: options.plantTz, runId, lease: options.lease })) ?? []
    const summary = { runId, kpiDays, durationMs: Date.now() - started }
    await finishRun(catalog.db, runId, { summary: { days: kpiDays.length, from: kpiDays[0], to: kpiDays.at(-1), durationMs: summary.durationMs } }, catalog.clock())
    logger.info({ job: KPI_JOB, runId, days: kpiDays.length }, kpiDays.length === 0 ? 'KPI rebuild: no KPI days were owed' : `KPIs rebuilt for ${kpiDays.length} day(s)`)
    return summary
  } catch (error) {
    const message = (error as Error).message
    await finishRun(catalog.db, runId, { error: message }, catalog.clock())
    logger.error({ job: KPI_JOB, runId, err: error }, `KPI rebuild failed: ${message}; the days stay owed and are rebuilt by the next MES run or server start`)
    throw error
  } finally {
    session.close()
  }
}
