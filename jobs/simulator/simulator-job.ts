/**
 * The built-in plant simulator as a recorded job run (`plant-simulator`): one row in
 * `job_runs` per run, with progress per day and a summary of what it wrote, so that "Run
 * plant-simulator now" shows a run even when every day of the window is there already.
 */
import type { Catalog } from '../../catalog/index.ts'
import type { JobLogger } from '../job-logger.ts'
import { finishRun, reportProgress, startRun } from '../job-runs.ts'
import { fillLanding } from './fill-landing.ts'

export const SIMULATOR_JOB = 'plant-simulator'

export interface SimulatorRunOptions {
  catalog: Catalog
  landingDir: string
  plantTz: string
  trigger: string
  logger: JobLogger
  /** Finished days to keep in the landing folder (default 7). */
  days?: number
  now?: Date
}

export interface SimulatorRunSummary {
  runId: number
  /** Days whose dumps were written by this run, and the first and last of them. */
  daysWritten: number
  from?: string
  to?: string
  /** Days of the window whose dumps were there already. */
  daysPresent: number
  files: number
  rows: number
  durationMs: number
}

export async function runSimulator(options: SimulatorRunOptions): Promise<SimulatorRunSummary> {
  const { catalog, logger } = options
  const started = Date.now()
  const runId = await startRun(catalog.db, SIMULATOR_JOB, options.trigger, catalog.clock())
  try {
    const filled = await fillLanding({
      landingDir: options.landingDir,
      plantTz: options.plantTz,
      days: options.days,
      now: options.now,
      onDay: ({ day, done, total, rows }) => reportProgress(catalog.db, runId, { done, total, rows, elapsedMs: Date.now() - started, current: day }),
    })
    const written = filled.written
    const files = written.reduce((total, day) => total + day.files, 0) + (filled.corruptFile === undefined ? 0 : 1)
    const rows = written.reduce((total, day) => total + day.rows, 0)
    await reportProgress(catalog.db, runId, { done: written.length, total: written.length, rows, elapsedMs: Date.now() - started })
    const summary: SimulatorRunSummary = {
      runId,
      daysWritten: written.length,
      from: written[0]?.day,
      to: written.at(-1)?.day,
      daysPresent: filled.present.length,
      files,
      rows,
      durationMs: Date.now() - started,
    }
    await finishRun(catalog.db, runId, { summary: { ...summary } }, catalog.clock())
    logger.info({ job: SIMULATOR_JOB, ...summary }, written.length > 0 ? `plant simulator wrote the dumps of ${written.length} day(s)` : 'plant simulator: every day of the window has its dumps')
    return summary
  } catch (error) {
    const message = (error as Error).message
    await finishRun(catalog.db, runId, { error: message }, catalog.clock())
    logger.error({ job: SIMULATOR_JOB, runId, err: error }, `plant simulator failed: ${message}`)
    throw error
  }
}
