/**
 * What a start does about the work the last stop interrupted: runs of processes that are gone
 * are marked failed, and for each the log says what happens to its work — redone now, redone
 * by its next scheduled run, or what the operator must do (`planRecovery`, pure); staging
 * folders of processes that are gone are removed. Nothing a run committed is lost (each commit
 * is whole); what a run owed the KPI tables is on record and paid by the `kpi-rebuild` run
 * every start makes.
 */
import { sweepStaging } from '../catalog/index.ts'
import { failAbandonedRuns, failLeaselessRuns, type JobRun } from '../jobs/index.ts'
import type { Runtime } from './runtime.ts'

/** Unowned staging entries younger than this may be a commit in flight (as for unregistered catalog files). */
const STAGING_MIN_AGE_MS = 3_600_000

export async function recoverInterruptedWork(runtime: Pick<Runtime, 'catalog' | 'logger'>, setting: RecoverySetting): Promise<RecoveryPlan> {
  const { catalog, logger } = runtime
  const plan = planRecovery(await failAbandonedRuns(catalog.db, catalog.clock()), setting)
  for (const note of plan.notes) logger.warn({ job: note.job, runId: note.runId }, note.message)
  const staging = sweepStaging(catalog.stagingRoot, { minAgeMs: STAGING_MIN_AGE_MS, now: catalog.clock().getTime() })
  if (staging.removed.length > 0) logger.info({ removed: staging.removed }, `removed ${staging.removed.length} staging folder(s) left by stopped processes`)
  for (const unknown of staging.unknown) logger.warn({ entry: unknown.entry }, unknown.reason)
  return plan
}

/**
 * The same for runs another instance sharing the PostgreSQL app database left when it died: its
 * job's lease ran out with the run still marked running (../jobs/job-takeover.ts). Called
 * periodically by every instance; the jobs to redo are then run under their lease, so once.
 */
export async function recoverLeaselessWork(runtime: Pick<Runtime, 'catalog' | 'logger'>, setting: RecoverySetting): Promise<RecoveryPlan> {
  const { catalog, logger } = runtime
  const plan = planRecovery(await failLeaselessRuns(catalog.db, catalog.clock()), setting, 'its instance, which stopped renewing the job lease')
  for (const note of plan.notes) logger.warn({ job: note.job, runId: note.runId }, note.message)
  return plan
}

export interface RecoveryPlan {
  /** Jobs to run now. */
  redo: string[]
  /** One line per interrupted run. */
  notes: { runId: number; job: string; message: string }[]
}

export interface RecoverySetting {
  /** Whether the embedded simulator runs (it fills the landing folder at start). */
  simulator: boolean
}

export function planRecovery(runs: Pick<JobRun, 'id' | 'job' | 'trigger' | 'progress'>[], setting: RecoverySetting, interruptedBy = 'the last stop'): RecoveryPlan {
  const redo = new Set<string>()
  const notes = runs.map((run) => {
    const action = recoveryOf(run, setting)
    if (action.redo !== undefined) redo.add(action.redo)
    return { runId: run.id, job: run.job, message: `${run.job} run ${run.id} was interrupted by ${interruptedBy}: ${action.message}` }
  })
  return { redo: [...redo], notes }
}

function recoveryOf(run: Pick<JobRun, 'job' | 'trigger' | 'progress'>, setting: RecoverySetting): { redo?: string; message: string } {
  switch (run.job) {
    case 'mes-ingest':
      // A command-line run may have read another source than the server's: only its operator knows which.
      if (run.trigger === 'cli') {
        return { message: 'it was a `cockpit ingest mes`: the objects it committed stay and their KPIs are rebuilt now; run the same command again for the rest' }
      }
      return { redo: 'mes-ingest', message: 'the objects it committed stay; it runs again now for the rest, and the KPIs of every committed object are rebuilt' }
    case 'kpi-rebuild':
      return { redo: 'kpi-rebuild', message: 'the KPI days it was rebuilding are still owed and are rebuilt now' }
    case 'plant-simulator':
      return setting.simulator
        ? { redo: 'plant-simulator', message: 'it runs again now and writes the dumps still missing' }
        : { message: 'the simulator is off now (COCKPIT_SIMULATOR=false), so it is not run again' }
    case 'compact':
      return { message: 'nothing was lost (a compaction replaces files in one commit); it runs again at 03:30, or run `cockpit compact` now' }
    case 'vacuum':
      return { message: 'nothing was lost; it runs again at 04:30, or run `cockpit vacuum` now' }
    case 'rebuild': {
      const table = run.progress?.current ?? '<table>'
      return { message: `it is not redone automatically: ${table} is as it was before the rebuild; run \`cockpit rebuild ${table}\` again (KPI days a committed rebuild owed are rebuilt now)` }
    }
    default:
      return { message: `it is not redone automatically: start it again (\`POST /api/jobs/${run.job}/run\`) if its work is still needed` }
  }
}
