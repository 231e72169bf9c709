/**
 * Runs orphaned by an instance that died, seen from the instances that share its app database
 * (PostgreSQL). A leased run (./job-leases.ts) keeps its job's lease alive for as long as it
 * works, so a run still marked 'running' whose job has no live lease has lost its process: a
 * start only finds the runs of its own data dir's processes (./job-runs.ts failAbandonedRuns),
 * and the other instances' processes cannot be checked from here — their lease is the sign.
 * Such runs are marked failed, and the caller redoes their work as a start would
 * (server/job-recovery.ts). Command-line runs (`cockpit ingest mes`, `cockpit rebuild`) hold no
 * lease and are never judged this way.
 */
import type { Selectable } from 'kysely'
import type { AppDb, JobLeasesTable, JobRunsTable } from '../db/index.ts'
import { failRuns, type JobRun } from './job-runs.ts'

/** A run younger than this is never judged: its lease was taken just before it (clock skew margin). */
const MIN_AGE_MS = 5_000

/** The running, leased runs whose job has no live lease at `now` (pure). */
export function leaselessRuns<R extends Pick<Selectable<JobRunsTable>, 'job' | 'trigger' | 'started_at'>>(
  running: R[],
  leases: Pick<Selectable<JobLeasesTable>, 'job' | 'expires_at'>[],
  now: number,
): R[] {
  const live = new Set(leases.filter((lease) => Number(lease.expires_at) > now).map((lease) => lease.job))
  return running.filter((run) => run.trigger !== 'cli' && !live.has(run.job) && now - Date.parse(run.started_at) > MIN_AGE_MS)
}

/** Marks failed the runs whose instance stopped renewing their job's lease, and returns them. */
export async function failLeaselessRuns(db: AppDb, now: Date): Promise<JobRun[]> {
  const running = await db.selectFrom('job_runs').selectAll().where('status', '=', 'running').execute()
  if (running.length === 0) return []
  const leases = await db.selectFrom('job_leases').select(['job', 'expires_at']).where('job', 'in', [...new Set(running.map((run) => run.job))]).execute()
  return failRuns(db, leaselessRuns(running, leases, now.getTime()), 'abandoned: its instance stopped renewing the job lease (it died or lost the app database)', now)
}
