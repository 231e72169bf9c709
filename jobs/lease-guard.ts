/**
 * What a job running under a lease (./job-leases.ts) holds on to: a signal aborted when a
 * renewal finds the lease lost, to stop between steps, and `confirm`, called right before a
 * catalog commit. The signal alone is not a fence — it is aborted at the next renewal tick, and a
 * holder that stalled past its expiry may reach its commit first — so `confirm` renews the lease
 * now: the commit that follows runs inside a fresh TTL that no other instance can take, or not at
 * all. Without leases (SQLite, one instance) `unleased` confirms everything.
 */
import type { CommitEffects } from '../catalog/index.ts'

export interface LeaseGuard {
  /** Aborted (reason: LeaseLostError) once the lease is known lost. */
  readonly signal: AbortSignal
  /** Resolves when the lease is still ours, renewed for a full TTL from now; else aborts `signal` and throws LeaseLostError. */
  confirm(): Promise<void>
}

/** A job's lease was taken over by another instance (or expired) while this one worked. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError'
  constructor(
    readonly job: string,
    readonly holder: string | undefined,
  ) {
    super(holder === undefined ? `lease for ${job} lost (expired)` : `lease for ${job} lost to ${holder}`)
  }
}

/** The guard of work that runs without leases: never aborted, always confirmed. */
export const unleased: LeaseGuard = { signal: new AbortController().signal, confirm: async () => undefined }

/** Stops the work here when the lease is known lost (between steps: per table, per month, per object). */
export function checkLease(guard: LeaseGuard | undefined): void {
  guard?.signal.throwIfAborted()
}

/**
 * Commit hooks that confirm the lease once the files are written, just before the commit's
 * transaction: a holder that lost its lease registers nothing (its files are garbage for vacuum).
 */
export function fencedEffects(guard: LeaseGuard | undefined, effects: CommitEffects = {}): CommitEffects {
  if (guard === undefined) return effects
  return {
    ...effects,
    afterFilesWritten: async (keys) => {
      await effects.afterFilesWritten?.(keys)
      await guard.confirm()
    },
  }
}
