/**
 * The server's jobs: MES ingestion on its schedule (and on demand), nightly compaction and
 * vacuum of the catalog, and in embedded mode the built-in plant simulator that fills the
 * landing folder with each finished day's dumps.
 */
import { join } from 'node:path'
import {
  compactCatalog,
  COMPACT_JOB,
  createScheduler,
  failAbandonedRuns,
  fillLanding,
  ingestMes,
  loadMapping,
  MES_JOB,
  vacuumCatalog,
  VACUUM_JOB,
  type ScheduledJob,
  type Scheduler,
} from '../jobs/index.ts'
import type { Runtime } from './runtime.ts'

export const SIMULATOR_JOB = 'plant-simulator'

export async function startJobs(runtime: Runtime): Promise<Scheduler> {
  const { settings, logger, catalog } = runtime
  const abandoned = await failAbandonedRuns(catalog.db, catalog.clock())
  if (abandoned > 0) logger.warn({ abandoned }, `${abandoned} job run(s) were interrupted by the last stop; their work was not committed and will be redone`)

  const mapping = settings.mesMapping === undefined ? undefined : loadMapping(settings.mesMapping)
  const ingest: ScheduledJob = {
    name: MES_JOB,
    cron: settings.mesSchedule,
    run: (trigger) =>
      ingestMes({
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
    { name: COMPACT_JOB, cron: '30 3 * * *', run: (trigger) => compactCatalog({ ...maintenance, trigger }) },
    { name: VACUUM_JOB, cron: '30 4 * * *', run: (trigger) => vacuumCatalog({ ...maintenance, trigger }) },
  ]
  const simulate = settings.mode === 'embedded' && settings.simulator
  if (simulate) {
    jobs.push({
      name: SIMULATOR_JOB,
      // A few minutes past each hour: a newly finished day lands soon after midnight.
      cron: '5 * * * *',
      run: async () => {
        const days = await fillLanding({ landingDir: settings.mesSource, plantTz: settings.plantTz })
        if (days.length > 0) logger.info({ days }, `plant simulator wrote the dumps of ${days.length} day(s)`)
        return days
      },
    })
  }
  const scheduler = createScheduler(jobs, logger)
  if (simulate) {
    // Fill, then ingest, in the background: the server answers while the first data arrives.
    void scheduler
      .trigger(SIMULATOR_JOB, 'start')
      .then(() => scheduler.trigger(MES_JOB, 'start'))
      .catch(() => undefined)
  }
  return scheduler
}
