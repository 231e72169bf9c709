/**
 * Runs jobs on cron schedules (croner) and on demand, with at most one run of a job in flight:
 * a trigger while a run is going joins that run instead of starting a second one. On stop,
 * schedules end and in-flight runs get a grace period to finish their commit.
 */
import { Cron } from 'croner'
import type { JobLogger } from './job-logger.ts'

export interface ScheduledJob {
  name: string
  /** Cron expression; omit for a job that only runs on demand. */
  cron?: string
  run(trigger: 'schedule' | 'manual' | 'start'): Promise<unknown>
}

export interface Scheduler {
  /** Starts a run now, or returns the one in flight. */
  trigger(name: string, trigger?: 'schedule' | 'manual' | 'start'): Promise<unknown>
  isRunning(name: string): boolean
  jobs(): string[]
  stop(graceMs?: number): Promise<void>
}

export function createScheduler(jobs: ScheduledJob[], logger: JobLogger): Scheduler {
  const running = new Map<string, Promise<unknown>>()
  const byName = new Map(jobs.map((job) => [job.name, job]))

  const launch = (job: ScheduledJob, trigger: 'schedule' | 'manual' | 'start'): Promise<unknown> => {
    const current = running.get(job.name)
    if (current !== undefined) return current
    const run = job
      .run(trigger)
      .catch((error: unknown) => {
        logger.error({ job: job.name, err: error }, `job ${job.name} failed: ${(error as Error).message}`)
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
