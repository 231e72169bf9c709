/**
 * Runs jobs on cron schedules (croner) and on demand, with at most one run of a job in flight:
 * a trigger while a run is going joins that run instead of starting a second one. On stop,
 * schedules end and in-flight runs get a grace period to finish their commit.
 *
 * Given `leases` (instances sharing one PostgreSQL app database), a run also holds the job's
 * lease (./job-leases.ts), so a job runs on one instance at a time across all of them: a
 * scheduled tick that finds the lease held elsewhere is skipped (logged at info), an on-demand
 * run is refused with `JobRunningElsewhereError` naming the holder. A run that must not be
 * dropped (the one at start) waits for the holder's lease to run out and tries again
 * (`triggerWhenFree`). The run gets the lease's guard (./lease-guard.ts): it stops when the lease
 * is lost and confirms it before each commit.
 */
import { Cron } from 'croner'
import type { JobLogger } from './job-logger.ts'
import type { LeaseGuard } from './lease-guard.ts'

/** `takeover`: redoing the work of a run whose instance died (server/job-recovery.ts). */
export type JobTrigger = 'schedule' | 'manual' | 'start' | 'takeover'

export interface ScheduledJob {
  name: string
  /** Cron expression; omit for a job that only runs on demand. */
  cron?: string
  /** `lease`: given when the run holds the job's lease (stop when its signal aborts, confirm it before each commit). */
  run(trigger: JobTrigger, lease?: LeaseGuard): Promise<unknown>
}

/** How runs take a job's lease: `ran: false` names the other instance holding it. */
export interface JobLeases {
  /** `until`: when the other holder's lease runs out unless it renews it (epoch ms). */
  run<T>(job: string, work: (lease: LeaseGuard) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false; holder: string | undefined; until?: number }>
  /** The instance holding the job's live lease when it is not this one. */
  heldElsewhere(job: string): Promise<string | undefined>
}

/** A run refused because another instance holds the job's lease. */
export class JobRunningElsewhereError extends Error {
  override readonly name = 'JobRunningElsewhereError'
  constructor(
    readonly job: string,
    readonly holder: string | undefined,
    /** When the holder's lease runs out unless renewed (epoch ms), when known. */
    readonly until?: number,
  ) {
    super(`job ${job} is running on another instance${holder === undefined ? '' : ` (${holder})`}`)
  }
}

export interface Scheduler {
  /** Starts a run now, or returns the one in flight. */
  trigger(name: string, trigger?: JobTrigger): Promise<unknown>
  /**
   * Like `trigger`, but a run refused because another instance holds the job's lease is tried
   * again when that lease runs out (a holder killed moments ago keeps it for its TTL), up to
   * `attempts` times in all, each wait logged: for runs that must not be dropped, such as the
   * one at start. Ends (rejects) when the scheduler stops.
   */
  triggerWhenFree(name: string, trigger?: JobTrigger, attempts?: number): Promise<unknown>
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
    const leased = await leases.run(job.name, (lease) => job.run(trigger, lease))
    if (leased.ran) return leased.value
    throw new JobRunningElsewhereError(job.name, leased.holder, leased.until)
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

  const stopping = new AbortController()
  const triggerJob = (name: string, trigger: JobTrigger): Promise<unknown> => {
    const job = byName.get(name)
    if (job === undefined) return Promise.reject(new Error(`no job named '${name}'`))
    return launch(job, trigger)
  }

  const triggerWhenFree = async (name: string, trigger: JobTrigger, attempts: number): Promise<unknown> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await triggerJob(name, trigger)
      } catch (error) {
        if (!(error instanceof JobRunningElsewhereError) || stopping.signal.aborted) throw error
        if (attempt >= attempts) {
          logger.warn({ job: name, trigger, holder: error.holder }, `${name} not run (${trigger}): its lease stayed with ${error.holder ?? 'another instance'} through ${attempts} attempts; that instance runs it`)
          throw error
        }
        const delayMs = leaseRetryDelay(error.until, Date.now())
        const until = new Date(Date.now() + delayMs).toISOString()
        logger.info({ job: name, trigger, holder: error.holder, until }, `${name} lease held by ${error.holder ?? 'another instance'} until ${until}; will run then`)
        await sleep(delayMs, stopping.signal)
      }
    }
  }

  const crons = jobs.flatMap((job) =>
    job.cron === undefined ? [] : [new Cron(job.cron, { protect: true }, () => void launch(job, 'schedule').catch(() => undefined))],
  )

  return {
    trigger: (name, trigger = 'manual') => triggerJob(name, trigger),
    triggerWhenFree: (name, trigger = 'start', attempts = 5) => triggerWhenFree(name, trigger, attempts),
    isRunning: (name) => running.has(name),
    runningElsewhere: async (name) => (running.has(name) || leases === undefined ? undefined : leases.heldElsewhere(name)),
    jobs: () => [...byName.keys()],
    stop: async (graceMs = 5_000) => {
      stopping.abort(new Error('the scheduler stopped'))
      for (const cron of crons) cron.stop()
      const inFlight = [...running.values()].map((run) => run.catch(() => undefined))
      if (inFlight.length === 0) return
      logger.info({ jobs: [...running.keys()] }, 'waiting for running jobs to finish')
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, graceMs).unref())])
    },
  }
}

/** How long to wait for a lease held elsewhere that runs out at `until` (epoch ms): just past it; a few seconds when unknown. */
export function leaseRetryDelay(until: number | undefined, now: number, marginMs = 250): number {
  if (until === undefined) return 5_000
  return Math.max(0, until - now) + marginMs
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    timer.unref()
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
