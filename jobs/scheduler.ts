/**
 * Runs jobs on cron schedules (croner) and on demand, with at most one run of a job in flight:
 * a trigger while a run is going joins that run instead of starting a second one. On stop,
 * schedules end and in-flight runs get a grace period to finish their commit.
 *
 * Given `leases` (instances sharing one PostgreSQL app database), a run also holds the job's
 * lease (./job-leases.ts), so a job runs on one instance at a time across all of them: a
 * scheduled tick that finds the lease held elsewhere is skipped (logged at info), an on-demand
 * run is refused with `JobRunningElsewhereError` naming the holder.
 */
import { Cron } from 'croner'
import type { JobLogger } from './job-logger.ts'

export type JobTrigger = 'schedule' | 'manual' | 'start'

export interface ScheduledJob {
  name: string
  /** Cron expression; omit for a job that only runs on demand. */
  cron?: string
  run(trigger: JobTrigger, signal?: AbortSignal): Promise<unknown>
}

/** How runs take a job's lease: `ran: false` names the other instance holding it. */
export interface JobLeases {
  run<T>(job: string, work: (signal: AbortSignal) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false; holder: string | undefined }>
  /** The instance holding the job's live lease when it is not this one. */
  heldElsewhere(job: string): Promise<string | undefined>
}

/** A run refused because another instance holds the job's lease. */
export class JobRunningElsewhereError extends Error {
  override readonly name = 'JobRunningElsewhereError'
  constructor(
    readonly job: string,
    readonly holder: string | undefined,
  ) {
    super(`job ${job} is running on another instance${holder === undefined ? '' : ` (${holder})`}`)
  }
}

export interface Scheduler {
  /** Starts a run now, or returns the one in flight. */
  trigger(name: string, trigger?: JobTrigger): Promise<unknown>
  isRunning(name: string): boolean
  /** The other instance running the job now, if any (always undefined without leases). */
  runningElsewhere(name: string): Promise<string | undefined>
  jobs(): string[]
  stop(graceMs?: number): Promise<void>
}

export function createScheduler(jobs: ScheduledJob[], logger: JobLogger, leases?: JobLeases): Scheduler {
  const running = new Map<string, Promise<unknown>>()
  const byName = new Map(jobs.map((job) => [job.name, job]))

  const runOnce = async (job: ScheduledJob, trigger: JobTrigger): Promise<unknown> => {
    if (leases === undefined) return job.run(trigger)
    const leased = await leases.run(job.name, (signal) => job.run(trigger, signal))
    if (leased.ran) return leased.value
    throw new JobRunningElsewhereError(job.name, leased.holder)
  }

  const launch = (job: ScheduledJob, trigger: JobTrigger): Promise<unknown> => {
    const current = running.get(job.name)
    if (current !== undefined) return current
    const run = runOnce(job, trigger)
      .catch((error: unknown) => {
        if (error instanceof JobRunningElsewhereError) logger.info({ job: job.name, trigger, holder: error.holder }, `job ${job.name} skipped: ${error.message}`)
        else logger.error({ job: job.name, err: error }, `job ${job.name} failed: ${(error as Error).message}`)
        throw error
      })
      .finally(() => running.delete(job.name))
    running.set(job.name, run)
    return run
  }

  const crons = jobs.flatMap((job) =>
    job.cron === undefined ? [] : [new Cron(job.cron, { protect: true }, () => void launch(job, 'schedule').catch(() => undefined))],
  )

  return {
    trigger: (name, trigger = 'manual') => {
      const job = byName.get(name)
      if (job === undefined) return Promise.reject(new Error(`no job named '${name}'`))
      return launch(job, trigger)
    },
    isRunning: (name) => running.has(name),
    runningElsewhere: async (name) => (running.has(name) || leases === undefined ? undefined : leases.heldElsewhere(name)),
    jobs: () => [...byName.keys()],
    stop: async (graceMs = 5_000) => {
      for (const cron of crons) cron.stop()
      const inFlight = [...running.values()].map((run) => run.catch(() => undefined))
      if (inFlight.length === 0) return
      logger.info({ jobs: [...running.keys()] }, 'waiting for running jobs to finish')
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, graceMs).unref())])
    },
  }
}
