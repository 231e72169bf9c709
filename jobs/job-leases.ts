/**
 * Job leases: a job that must run once across instances sharing one app database runs only on
 * the instance holding its lease (table `job_leases`, migration 0012). The holder takes the
 * lease for `ttlMs`, renews it while it works (every third of the TTL in `runWithLease`), and
 * releases it at the end; a holder that dies stops renewing, its lease runs out and the next
 * instance that asks takes it over. Every change of holder increments `generation`, which a
 * holder checks on renewal: one that paused past its expiry learns it lost the lease (its work
 * is aborted) instead of running on beside the new holder.
 *
 * Taking is one statement (INSERT … ON CONFLICT DO UPDATE … WHERE expired or ours), atomic in
 * SQLite and PostgreSQL alike. Times are the instances' clocks (epoch ms): keep them in sync
 * (NTP) — a TTL of tens of seconds dwarfs their skew.
 */
import { sql } from 'kysely'
import type { AppDb } from '../db/index.ts'
import { LeaseLostError, type LeaseGuard } from './lease-guard.ts'
import type { JobLeases } from './scheduler.ts'

export interface Lease {
  job: string
  holder: string
  generation: number
  acquiredAt: string
  expiresAt: number
}

export type LeaseState = 'free' | 'ours' | 'expired' | 'held'

/** What a lease means to `holder` at `now` (pure): it may take it unless it is `held` by another. */
export function leaseState(lease: Lease | undefined, holder: string, now: number): LeaseState {
  if (lease === undefined) return 'free'
  if (lease.expiresAt <= now) return 'expired'
  return lease.holder === holder ? 'ours' : 'held'
}

/** The generation after `holder` takes the lease at `now` (pure): the same when it renews its own, one more otherwise. */
export function nextGeneration(lease: Lease | undefined, holder: string, now: number): number {
  if (lease === undefined) return 1
  return leaseState(lease, holder, now) === 'ours' ? lease.generation : lease.generation + 1
}

export interface LeaseRequest {
  job: string
  holder: string
  ttlMs: number
  now: number
}

type LeaseRow = { job: string; holder: string; generation: number; acquired_at: string; expires_at: number }
const toLease = (row: LeaseRow): Lease => ({ job: row.job, holder: row.holder, generation: Number(row.generation), acquiredAt: row.acquired_at, expiresAt: Number(row.expires_at) })

/** Takes the job's lease when it is free, expired or already ours; undefined when another holds it. */
export async function acquireLease(db: AppDb, request: LeaseRequest): Promise<Lease | undefined> {
  const { job, holder, now } = request
  const expiresAt = now + request.ttlMs
  // Keeps generation and acquisition time when the holder renews its own live lease (see nextGeneration).
  const renewing = sql<boolean>`job_leases.holder = excluded.holder AND job_leases.expires_at > ${now}`
  const row = await db
    .insertInto('job_leases')
    .values({ job, holder, generation: 1, acquired_at: new Date(now).toISOString(), expires_at: expiresAt })
    .onConflict((conflict) =>
      conflict
        .column('job')
        .doUpdateSet({
          holder: (eb) => eb.ref('excluded.holder'),
          generation: sql<number>`CASE WHEN ${renewing} THEN job_leases.generation ELSE job_leases.generation + 1 END`,
          acquired_at: sql<string>`CASE WHEN ${renewing} THEN job_leases.acquired_at ELSE excluded.acquired_at END`,
          expires_at: (eb) => eb.ref('excluded.expires_at'),
        })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<=', now), eb('job_leases.holder', '=', holder)])),
    )
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : toLease(row)
}

/** Pushes the expiry of a lease still held (same holder and generation, not expired); false when it was lost. */
export async function renewLease(db: AppDb, lease: Pick<Lease, 'job' | 'holder' | 'generation'>, ttlMs: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set({ expires_at: now + ttlMs })
    .where('job', '=', lease.job)
    .where('holder', '=', lease.holder)
    .where('generation', '=', lease.generation)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Gives the lease up (only the holder's own generation). */
export async function releaseLease(db: AppDb, lease: Pick<Lease, 'job' | 'holder' | 'generation'>): Promise<void> {
  await db.deleteFrom('job_leases').where('job', '=', lease.job).where('holder', '=', lease.holder).where('generation', '=', lease.generation).execute()
}

export async function getLease(db: AppDb, job: string): Promise<Lease | undefined> {
  const row = await db.selectFrom('job_leases').selectAll().where('job', '=', job).executeTakeFirst()
  return row === undefined ? undefined : toLease(row)
}

export interface RunWithLeaseOptions {
  job: string
  holder: string
  /** 30 s by default. */
  ttlMs?: number
  clock?: () => number
}

export type LeasedRun<T> = { ran: true; value: T } | { ran: false; heldBy: Lease | undefined }

/**
 * Runs `work` if this holder gets the job's lease, renewing it every third of the TTL and
 * releasing it afterwards; otherwise answers who holds it. A renewal that finds the lease lost
 * aborts the guard's signal with a LeaseLostError naming the new holder; the work stops at its
 * next step, and `guard.confirm()` before each commit keeps a holder that lost it from committing.
 */
export async function runWithLease<T>(db: AppDb, options: RunWithLeaseOptions, work: (lease: Lease, guard: LeaseGuard) => Promise<T>): Promise<LeasedRun<T>> {
  const ttlMs = options.ttlMs ?? 30_000
  const clock = options.clock ?? Date.now
  const lease = await acquireLease(db, { job: options.job, holder: options.holder, ttlMs, now: clock() })
  if (lease === undefined) return { ran: false, heldBy: await getLease(db, options.job) }
  const lost = new AbortController()
  const loseIt = async (): Promise<LeaseLostError> => {
    const error = new LeaseLostError(options.job, await getLease(db, options.job).then((now) => now?.holder, () => undefined))
    if (!lost.signal.aborted) lost.abort(error)
    return lost.signal.reason as LeaseLostError
  }
  let renewing: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    renewing = renewLease(db, lease, ttlMs, clock()).then(
      async (held) => {
        if (!held) await loseIt()
      },
      () => undefined, // a failed renewal is retried at the next tick; the lease expires if none succeeds
    )
  }, Math.max(1, Math.floor(ttlMs / 3)))
  const guard: LeaseGuard = {
    signal: lost.signal,
    confirm: async () => {
      if (lost.signal.aborted) throw lost.signal.reason
      if (!(await renewLease(db, lease, ttlMs, clock()))) throw await loseIt()
    },
  }
  try {
    return { ran: true, value: await work(lease, guard) }
  } finally {
    clearInterval(timer)
    await renewing
    if (!lost.signal.aborted) await releaseLease(db, lease)
  }
}

/** This process as a lease holder: its host and pid, what an operator needs to find it. */
export function processHolder(identity: { host: string; pid: number }): string {
  return `${identity.host} pid ${identity.pid}`
}

/** The scheduler's leases (./scheduler.ts JobLeases) over the app database, as `holder`. */
export function appDbJobLeases(db: AppDb, options: { holder: string; ttlMs?: number; clock?: () => number }): JobLeases {
  const clock = options.clock ?? Date.now
  return {
    run: async <T>(job: string, work: (guard: LeaseGuard) => Promise<T>) => {
      const result = await runWithLease(db, { job, holder: options.holder, ttlMs: options.ttlMs, clock }, (_lease, guard) => work(guard))
      return result.ran ? result : { ran: false as const, holder: result.heldBy?.holder, until: result.heldBy?.expiresAt }
    },
    heldElsewhere: async (job: string) => {
      const lease = await getLease(db, job)
      return leaseState(lease, options.holder, clock()) === 'held' ? lease?.holder : undefined
    },
  }
}
