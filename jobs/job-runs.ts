/**
 * Job runs in the app database: one row per run with its status, latest progress, summary and
 * error, for logs, `/api/jobs` and the jobs view. At most one run of a job is in flight in a
 * process; a second request joins the running one instead of racing it. Each run names the
 * process running it, so that a start fails only the runs of processes that are gone.
 */
import { currentProcess, parseProcessIdentity, processState } from '../catalog/index.ts'
import type { Selectable } from 'kysely'
import type { AppDb, JobRunsTable } from '../db/index.ts'

export interface JobProgress {
  done: number
  total: number
  rows: number
  elapsedMs: number
  current?: string
}

export interface JobRun {
  id: number
  job: string
  trigger: string
  status: 'running' | 'succeeded' | 'failed'
  startedAt: string
  finishedAt: string | null
  progress: JobProgress | null
  summary: Record<string, unknown> | null
  error: string | null
}

export async function startRun(db: AppDb, job: string, trigger: string, now: Date): Promise<number> {
  const row = await db
    .insertInto('job_runs')
    .values({ job, trigger, status: 'running', started_at: now.toISOString(), finished_at: null, progress: null, summary: null, error: null, owner: JSON.stringify(currentProcess()) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function reportProgress(db: AppDb, runId: number, progress: JobProgress): Promise<void> {
  await db.updateTable('job_runs').set({ progress: JSON.stringify(progress) }).where('id', '=', runId).execute()
}

export async function finishRun(db: AppDb, runId: number, outcome: { summary?: Record<string, unknown>; error?: string }, now: Date): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({
      status: outcome.error === undefined ? 'succeeded' : 'failed',
      finished_at: now.toISOString(),
      summary: outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
      error: outcome.error ?? null,
    })
    .where('id', '=', runId)
    .execute()
}

/** A run still 'running' after this long whose process cannot be checked (another host) is taken as abandoned. */
const UNCHECKABLE_RUN_MS = 24 * 3_600_000

/**
 * Marks failed the runs left 'running' by a process that died, and returns them. A run of a
 * live process sharing the data dir (a `cockpit ingest` while the server starts) is left alone;
 * so is one of a process this one cannot check, for a day. Runs from before owners were
 * recorded count as abandoned.
 */
export async function failAbandonedRuns(db: AppDb, now: Date): Promise<JobRun[]> {
  const running = await db.selectFrom('job_runs').selectAll().where('status', '=', 'running').execute()
  const abandoned = running.filter((row) => {
    const owner = parseProcessIdentity(row.owner)
    const state = owner === undefined ? 'dead' : processState(owner)
    return state === 'dead' || (state === 'unknown' && now.getTime() - Date.parse(row.started_at) > UNCHECKABLE_RUN_MS)
  })
  return failRuns(db, abandoned, 'abandoned: the process stopped during the run', now)
}

/**
 * Marks `rows` failed with `error` and returns those this call marked: of two instances failing
 * the same run at once, one gets it (and redoes its work).
 */
export async function failRuns(db: AppDb, rows: Selectable<JobRunsTable>[], error: string, now: Date): Promise<JobRun[]> {
  if (rows.length === 0) return []
  const marked = await db
    .updateTable('job_runs')
    .set({ status: 'failed', finished_at: now.toISOString(), error })
    .where('status', '=', 'running')
    .where('id', 'in', rows.map((row) => row.id))
    .returning('id')
    .execute()
  const ids = new Set(marked.map((row) => row.id))
  return rows.filter((row) => ids.has(row.id)).map((row) => ({ ...toJobRun(row), status: 'failed', finishedAt: now.toISOString(), error }))
}

export async function listRuns(db: AppDb, options: { job?: string; limit?: number } = {}): Promise<JobRun[]> {
  let query = db.selectFrom('job_runs').selectAll().orderBy('id', 'desc').limit(options.limit ?? 50)
  if (options.job !== undefined) query = query.where('job', '=', options.job)
  const rows = await query.execute()
  return rows.map(toJobRun)
}

function toJobRun(row: Selectable<JobRunsTable>): JobRun {
  return {
    id: row.id,
    job: row.job,
    trigger: row.trigger,
    status: row.status as JobRun['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: row.progress === null ? null : (JSON.parse(row.progress) as JobProgress),
    summary: row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>),
    error: row.error,
  }
}
