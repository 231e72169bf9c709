/**
 * The catalog's maintenance jobs: compaction of small files (every table, or one), rebuild of
 * clean and KPI tables from raw after a cleaning rule changed, and vacuum of files no commit
 * registered. Each is a recorded job run. Under a lease (several instances), compaction stops
 * between tables once the lease is known lost, and compaction and vacuum confirm the lease right
 * before each commit or delete: a run that lost it ends failed ("lease for compact lost to …").
 */
import { compactTable, listTables, vacuum, type VacuumResult } from '../catalog/index.ts'
import { reportProgress } from './job-runs.ts'
import { checkLease, fencedEffects } from './lease-guard.ts'
import { rebuildTable, type DatasetRebuild, type KpiRebuild } from './mes/rebuild.ts'
import type { Mapping } from './mes/mapping.ts'
import { runJob, type JobRunContext } from './run-job.ts'

export const COMPACT_JOB = 'compact'
export const REBUILD_JOB = 'rebuild'
export const VACUUM_JOB = 'vacuum'

export interface CompactionSummary {
  tables: { table: string; before: number; after: number }[]
}

export function compactCatalog(context: JobRunContext, tables?: string[]): Promise<CompactionSummary> {
  return runJob(COMPACT_JOB, context, async ({ runId, connection }) => {
    const names = tables ?? (await listTables(context.catalog)).map((table) => table.name)
    const results: CompactionSummary['tables'] = []
    for (const table of names) {
      // Another instance took the job over: the tables compacted so far stay, the rest are its.
      checkLease(context.lease)
      const result = await compactTable(context.catalog, { table, connection, runId, effects: fencedEffects(context.lease) })
      results.push({ table, before: result.before, after: result.after })
    }
    return { tables: results }
  })
}

export function rebuildCatalogTable(context: JobRunContext, table: string, mapping?: Mapping): Promise<DatasetRebuild | KpiRebuild> {
  return runJob(REBUILD_JOB, context, async ({ runId, connection }) => {
    // Named in the run, so that a start after a crash can tell the operator which rebuild to run again.
    await reportProgress(context.catalog.db, runId, { done: 0, total: 1, rows: 0, elapsedMs: 0, current: table })
    return rebuildTable({ catalog: context.catalog, table, connection, plantTz: context.plantTz, runId, mapping })
  })
}

export function vacuumCatalog(context: JobRunContext, minAgeMs?: number): Promise<VacuumResult> {
  // Deletes only while the lease is still this instance's (a second vacuum would find the same orphans: harmless, but not once).
  return runJob(VACUUM_JOB, context, () => vacuum(context.catalog, { minAgeMs, beforeDelete: context.lease?.confirm }))
}
