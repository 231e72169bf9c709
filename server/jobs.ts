/**
 * The server's jobs: MES ingestion on its schedule (and on demand), the KPI rebuild (after each
 * MES run, and at start for days a crash left owed), nightly compaction and vacuum of the
 * catalog, and in embedded mode the built-in plant simulator that fills the landing folder with
 * each finished day's dumps. At start, what the last stop interrupted is redone or explained
 * (./job-recovery.ts) and staging files of dead processes are removed. On PostgreSQL each run
 * holds the job's lease, so instances sharing the database run a job once (docs/app-database.md).
 */
import { join } from 'node:path'
import { currentProcess } from '../catalog/index.ts'
import {
  compactCatalog,
  COMPACT_JOB,
  appDbJobLeases,
  createScheduler,
  ingestMes,
  KPI_JOB,
  loadMapping,
  MES_JOB,
  processHolder,
  runKpiRebuild,
  runSimulator,
  SIMULATOR_JOB,
  vacuumCatalog,
  VACUUM_JOB,
  type ScheduledJob,
  type Scheduler,
} from '../jobs/index.ts'
import { recoverInterruptedWork, recoverLeaselessWork } from './job-recovery.ts'
import type { Runtime } from './runtime.ts'

/** This instance as a job-lease holder when it shares a PostgreSQL app database with others; undefined on SQLite (one instance). */
export function leaseHolder(settings: Pick<Runtime['settings'], 'databaseUrl'>): string | undefined {
  return settings.databaseUrl === undefined ? undefined : processHolder(currentProcess())
}

export async function startJobs(runtime: Runtime): Promise<Scheduler> {
  const { settings, logger, catalog } = runtime
  const recovery = await recoverInterruptedWork(runtime, { simulator: settings.mode === 'embedded' && settings.simulator })

  const mapping = settings.mesMapping === undefined ? undefined : loadMapping(settings.mesMapping)
  const ingest: ScheduledJob = {
    name: MES_JOB,
    cron: settings.mesSchedule,
    run: (trigger, lease) =>
      ingestMes({
        lease,
        catalog,
        source: runtime.mesSource,
        sourceName: settings.mesSource,
        plantTz: settings.plantTz,
        tempDir: join(settings.dataDir, 'tmp', 'jobs'),
        trigger,
        logger,
        mapping,
      }),
  }
  const maintenance = { catalog, plantTz: settings.plantTz, tempDir: join(settings.dataDir, 'tmp', 'jobs'), logger }
  const jobs: ScheduledJob[] = [
    ingest,
    // Nightly, when the plant's dumps have landed: merge the day's small files, then clear crash leftovers.
    { name: COMPACT_JOB, cron: '30 3 * * *', run: (trigger, lease) => compactCatalog({ ...maintenance, trigger, lease }) },
    { name: VACUUM_JOB, cron: '30 4 * * *', run: (trigger, lease) => vacuumCatalog({ ...maintenance, trigger, lease }) },
    // At start and on demand: the KPI days a crash left owed (each MES run pays them too).
    { name: KPI_JOB, run: (trigger, lease) => runKpiRebuild({ ...maintenance, trigger, lease }) },
  ]
  const simulate = settings.mode === 'embedded' && settings.simulator
  let scheduler: Scheduler | undefined
  if (simulate) {
    jobs.push({
      name: SIMULATOR_JOB,
      // A few minutes past each hour: a newly finished day lands soon after midnight.
      cron: '5 * * * *',
      run: async (trigger) => {
        const summary = await runSimulator({ catalog, landingDir: settings.mesSource, plantTz: settings.plantTz, trigger, logger })
        // New dumps are ingested now, not at the next hourly MES run (the simulator's work is
        // data in the cockpit, not files in a folder); at start the landing folder is ingested
        // whatever was written, as a first run must.
        if (trigger === 'start') void scheduler?.triggerWhenFree(MES_JOB, trigger).catch(() => undefined)
        else if (summary.daysWritten > 0) void scheduler?.trigger(MES_JOB, trigger).catch(() => undefined)
        return summary
      },
    })
  }
  // Instances sharing one PostgreSQL database run each job on one of them at a time (job leases);
  // an embedded SQLite install is one instance, scheduled as before.
  const holder = leaseHolder(settings)
  const leases = holder === undefined ? undefined : appDbJobLeases(runtime.appDb, { holder })
  scheduler = createScheduler(jobs, logger, leases)
  // Fill, then ingest, in the background: the server answers while the first data arrives. A run
  // at start whose lease another instance holds — this instance's own previous process, killed
  // moments ago, holds it for its TTL — runs once that lease runs out instead of being dropped.
  if (simulate) void scheduler.triggerWhenFree(SIMULATOR_JOB, 'start').catch(() => undefined)
  else if (recovery.redo.includes(MES_JOB)) void scheduler.triggerWhenFree(MES_JOB, 'start').catch(() => undefined)
  // Whatever a crash left owed to the KPI tables (no run when nothing is).
  void scheduler.triggerWhenFree(KPI_JOB, 'start').catch(() => undefined)
  return holder === undefined ? scheduler : watchForOrphanedRuns(runtime, scheduler, { simulator: simulate })
}

/** How often an instance sharing the app database looks for runs a dead instance left: a third of the lease TTL. */
const TAKEOVER_CHECK_MS = 10_000

/**
 * Redoes, on this instance, the work of runs whose instance died (their job's lease ran out): the
 * MES run it was ingesting, the KPI days it was rebuilding — without waiting for the next
 * schedule or a restart. One instance gets each orphaned run (./job-recovery.ts).
 */
function watchForOrphanedRuns(runtime: Runtime, scheduler: Scheduler, setting: { simulator: boolean }): Scheduler {
  let checking = false
  const timer = setInterval(() => {
    if (checking) return
    checking = true
    recoverLeaselessWork(runtime, setting)
      .then((plan) => {
        for (const job of plan.redo) void scheduler.trigger(job, 'takeover').catch(() => undefined)
      })
      // The app database away: the health check says so; the next check tries again.
      .catch((error: unknown) => runtime.logger.debug({ err: error }, `looking for orphaned job runs failed: ${(error as Error).message}`))
      .finally(() => (checking = false))
  }, TAKEOVER_CHECK_MS)
  timer.unref()
  return {
    ...scheduler,
    stop: async (graceMs) => {
      clearInterval(timer)
      await scheduler.stop(graceMs)
    },
  }
}
