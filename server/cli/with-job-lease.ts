/**
 * A command-line run of a job the instances also run (MES ingestion, compaction, vacuum). On a
 * PostgreSQL app database shared with running instances it holds the job's lease, as their runs
 * do, so a command and an instance never run the job side by side: while an instance holds it
 * the command is refused, naming the holder. On SQLite (one instance) it just runs.
 */
import { runWithLease, type LeaseGuard } from '../../jobs/index.ts'
import { leaseHolder } from '../jobs.ts'
import type { Runtime } from '../runtime.ts'

export type LeasedCommand<T> = { ran: true; value: T } | { ran: false; refusal: string }

export async function withJobLease<T>(runtime: Runtime, job: string, work: (lease?: LeaseGuard) => Promise<T>): Promise<LeasedCommand<T>> {
  const holder = leaseHolder(runtime.settings)
  if (holder === undefined) return { ran: true, value: await work() }
  const leased = await runWithLease(runtime.appDb, { job, holder }, (_lease, guard) => work(guard))
  if (leased.ran) return leased
  return { ran: false, refusal: `cockpit: ${job} is running on another instance (${leased.heldBy?.holder ?? 'unknown'}); run this again when it has finished` }
}
