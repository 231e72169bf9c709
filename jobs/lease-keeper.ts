/**
 * A lease kept for as long as the process runs, for work that has no end of its own (the
 * embedded sensor replay): the instance tries to take the lease every `retryMs`; while it holds
 * it (renewed every third of the TTL, ./job-leases.ts) it runs the work; when the lease is lost
 * the work is told to stop and the instance goes back to standing by, ready to take the lease
 * again once its holder dies and the TTL runs out. On stop the work ends first, then the lease
 * is released, so another instance takes over at its next try rather than after the TTL.
 */
import type { AppDb } from '../db/index.ts'
import { runWithLease } from './job-leases.ts'
import type { JobLogger } from './job-logger.ts'
import type { LeaseGuard } from './lease-guard.ts'

export interface KeepLeaseOptions {
  job: string
  holder: string
  logger: JobLogger
  /** 30 s by default. */
  ttlMs?: number
  /** How often a standing-by instance tries to take the lease (default: a third of the TTL). */
  retryMs?: number
  clock?: () => number
}

/**
 * Work done while the lease is held: resolve once `lease.signal` (lost) or `stopping` (the
 * process stops) aborts, after stopping what it started.
 */
export type LeasedWork = (lease: LeaseGuard, stopping: AbortSignal) => Promise<void>

export interface KeptLease {
  /** Whether this instance holds the lease now. */
  readonly holding: boolean
  /** Who held the lease at this instance's last try, when not this instance. */
  readonly heldBy: string | undefined
  /** Ends the work (if running), releases the lease, stops trying. */
  stop(): Promise<void>
}

export function keepLease(db: AppDb, options: KeepLeaseOptions, work: LeasedWork): KeptLease {
  const ttlMs = options.ttlMs ?? 30_000
  const retryMs = options.retryMs ?? Math.max(1, Math.floor(ttlMs / 3))
  const { job, holder, logger } = options
  const stopping = new AbortController()
  let holding = false
  let heldBy: string | undefined

  const tryOnce = async (): Promise<void> => {
    const outcome = await runWithLease(db, { job, holder, ttlMs, clock: options.clock }, async (_lease, guard) => {
      holding = true
      heldBy = undefined
      logger.info({ job, holder }, `${job}: this instance holds the lease and runs it`)
      try {
        await work(guard, stopping.signal)
      } finally {
        holding = false
      }
      if (guard.signal.aborted) logger.warn({ job, err: guard.signal.reason }, `${job} stopped here: ${(guard.signal.reason as Error).message}; standing by`)
    })
    if (outcome.ran) return
    const other = outcome.heldBy?.holder
    // Logged when the holder changes, not at every try.
    if (other !== heldBy && other !== undefined && outcome.heldBy !== undefined) {
      logger.info({ job, holder: other, until: new Date(outcome.heldBy.expiresAt).toISOString() }, `${job} runs on ${other} (lease until ${new Date(outcome.heldBy.expiresAt).toISOString()} unless renewed); this instance stands by`)
    }
    heldBy = other
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await tryOnce().catch((error: Error) => logger.warn({ job, err: error }, `${job}: cannot take or keep the lease: ${error.message}; trying again`))
      if (stopping.signal.aborted) break
      await pause(retryMs, stopping.signal)
    }
  })()

  return {
    get holding() {
      return holding
    },
    get heldBy() {
      return heldBy
    },
    stop: async () => {
      stopping.abort()
      await loop
    },
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
