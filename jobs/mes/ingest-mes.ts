/**
 * One run of MES ingestion: list the source, skip objects already ingested with the same ETag,
 * ingest the rest in order of last-modified time then key (so a corrected re-export applies
 * after the original, within a run and across runs). Each commit records the KPI days it owes;
 * the run ends with its last commit, then the KPI job (../kpi/kpi-rebuild-job.ts) pays whatever
 * is owed — this run's days, and any a crashed earlier run left — as a run of its own.
 * Progress goes to the job run, the logger and an optional callback (the CLI's progress bar).
 */
import { ensureTable, type Catalog, type CommitEffects, type Storage, type StoredObject } from '../../catalog/index.ts'
import { crashPoint } from '../crash-point.ts'
import { checkLease, fencedEffects, type LeaseGuard } from '../lease-guard.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import type { JobLogger } from '../job-logger.ts'
import { finishRun, reportProgress, startRun, type JobProgress } from '../job-runs.ts'
import { KPI_TABLES } from '../kpi/build-kpis.ts'
import { runKpiRebuild } from '../kpi/kpi-rebuild-job.ts'
import { ingestObject, type ObjectOutcome } from './ingest-object.ts'
import type { Mapping } from './mapping.ts'
import { DATASET_NAMES } from './datasets.ts'
import { cleanTable, quarantineFilesTable, quarantineRowsTable } from './tables.ts'

export interface MesIngestOptions {
  catalog: Catalog
  source: Storage
  sourceName: string
  plantTz: string
  tempDir: string
  trigger: 'schedule' | 'manual' | 'cli' | 'start' | 'takeover'
  logger: JobLogger
  mapping?: Mapping
  onProgress?: (progress: JobProgress) => void
  effects?: CommitEffects
  /**
   * The job's lease when this run holds one (../lease-guard.ts): the run stops before its next
   * object once the lease is known lost, and each object's commit goes ahead only while the lease
   * is still this instance's.
   */
  lease?: LeaseGuard
}

export interface DatasetCounts {
  objects: number
  filesQuarantined: number
  rowsAccepted: number
  rowsQuarantined: number
}

export interface MesIngestSummary {
  runId: number
  objects: { listed: number; ingested: number; skipped: number; quarantined: number }
  rows: { accepted: number; quarantined: number }
  byDataset: Record<string, DatasetCounts>
  quarantinedFiles: { key: string; reason: string }[]
  kpiDays: string[]
  durationMs: number
}

export const MES_JOB = 'mes-ingest'

export async function ingestMes(options: MesIngestOptions): Promise<MesIngestSummary> {
  const { catalog } = options
  const started = Date.now()
  const runId = await startRun(catalog.db, MES_JOB, options.trigger, catalog.clock())
  let ingested: MesIngestSummary
  try {
    ingested = await run(options, runId, started)
    await finishRun(catalog.db, runId, { summary: { ...ingested } }, catalog.clock())
    options.logger.info({ job: MES_JOB, ...ingested }, 'MES ingestion finished')
  } catch (error) {
    const message = (error as Error).message
    await finishRun(catalog.db, runId, { error: message }, catalog.clock())
    options.logger.error({ job: MES_JOB, runId, err: error }, `MES ingestion failed: ${message}`)
    throw error
  }
  // The committed rows stay committed whatever the KPI job does; it runs, and fails, on its own.
  // It runs even when this run committed nothing: an earlier run may have crashed owing days.
  const kpis = await runKpiRebuild({ catalog, plantTz: options.plantTz, tempDir: options.tempDir, trigger: MES_JOB, logger: options.logger, lease: options.lease })
  return { ...ingested, kpiDays: kpis?.kpiDays ?? [] }
}

/** The run's summary; its kpiDays is empty here: the KPI job fills it in. */
async function run(options: MesIngestOptions, runId: number, started: number): Promise<MesIngestSummary> {
  const { catalog, logger } = options
  // Every clean, quarantine and KPI table exists from the first run on, so queries and KPI
  // builds never fail on a dataset that has not arrived yet.
  for (const table of [...DATASET_NAMES.map(cleanTable), quarantineRowsTable, quarantineFilesTable, ...Object.values(KPI_TABLES)]) await ensureTable(catalog, table)
  const listed = await listObjects(options.source)
  const pending = await notYetIngested(options, listed)
  pending.sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  logger.info({ job: MES_JOB, runId, listed: listed.length, pending: pending.length }, `MES ingestion: ${pending.length} new object(s) of ${listed.length}`)

  const session = await openDuckDbSession({ plantTz: options.plantTz, tempDir: options.tempDir })
  const outcomes: ObjectOutcome[] = []
  try {
    let rows = 0
    for (const [index, object] of pending.entries()) {
      // Another instance took the job over: what this one committed stays, the rest is the new holder's.
      checkLease(options.lease)
      const progress: JobProgress = { done: index, total: pending.length, rows, elapsedMs: Date.now() - started, current: object.key }
      options.onProgress?.(progress)
      await reportProgress(catalog.db, runId, progress)
      const outcome = await ingestObject(
        { catalog, source: options.source, sourceName: options.sourceName, connection: session.connection, runId, mapping: options.mapping, effects: fencedEffects(options.lease, options.effects) },
        object,
      )
      outcomes.push(outcome)
      rows += outcome.rowsAccepted + outcome.rowsQuarantined
      logOutcome(logger, runId, outcome)
      await crashPoint('after-ingest-commit')
    }
    const done: JobProgress = { done: pending.length, total: pending.length, rows, elapsedMs: Date.now() - started }
    options.onProgress?.(done)
    await reportProgress(catalog.db, runId, done)
    return summarise(runId, listed.length, outcomes, [], Date.now() - started)
  } finally {
    session.close()
  }
}

async function listObjects(source: Storage): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for await (const object of source.list()) objects.push(object)
  return objects
}

async function notYetIngested(options: MesIngestOptions, listed: StoredObject[]): Promise<StoredObject[]> {
  const rows = await options.catalog.db.selectFrom('ingested_objects').select(['object_key', 'etag']).where('source', '=', options.sourceName).execute()
  const seen = new Set(rows.map((row) => `${row.object_key}\0${row.etag}`))
  return listed.filter((object) => !seen.has(`${object.key}\0${object.etag}`))
}

function logOutcome(logger: JobLogger, runId: number, outcome: ObjectOutcome): void {
  const fields = { job: MES_JOB, runId, object: outcome.key, dataset: outcome.dataset, rowsAccepted: outcome.rowsAccepted, rowsQuarantined: outcome.rowsQuarantined }
  if (outcome.status === 'quarantined') logger.warn({ ...fields, reason: outcome.reason }, `quarantined file ${outcome.key}: ${outcome.reason}`)
  else logger.info(fields, `ingested ${outcome.key}`)
}

function summarise(runId: number, listed: number, outcomes: ObjectOutcome[], kpiDays: string[], durationMs: number): MesIngestSummary {
  const byDataset: Record<string, DatasetCounts> = {}
  for (const outcome of outcomes) {
    const name = outcome.dataset ?? '(unknown)'
    const counts = (byDataset[name] ??= { objects: 0, filesQuarantined: 0, rowsAccepted: 0, rowsQuarantined: 0 })
    counts.objects++
    if (outcome.status === 'quarantined') counts.filesQuarantined++
    counts.rowsAccepted += outcome.rowsAccepted
    counts.rowsQuarantined += outcome.rowsQuarantined
  }
  const quarantined = outcomes.filter((o) => o.status === 'quarantined')
  return {
    runId,
    objects: { listed, ingested: outcomes.length - quarantined.length, skipped: listed - outcomes.length, quarantined: quarantined.length },
    rows: {
      accepted: outcomes.reduce((sum, o) => sum + o.rowsAccepted, 0),
      quarantined: outcomes.reduce((sum, o) => sum + o.rowsQuarantined, 0),
    },
    byDataset,
    quarantinedFiles: quarantined.map((o) => ({ key: o.key, reason: o.reason ?? '' })),
    kpiDays,
    durationMs,
  }
}
