/**
 * The pipeline rules the cockpit ships, on by default (issue 15): stored as ordinary rules marked
 * `builtin`, so engineers tune them (severity, schedule, the query), disable them, but cannot
 * delete them. Each is a SQL rule: every row it answers is a firing alert keyed by its labels.
 * Most read the catalog through the SQL service like any SQL rule; `job-failed` reads the app
 * database's job runs (not in the catalog), so its rows come from `appDbRows` — its `sql` is
 * shown as what it checks and is not run.
 */
import type { AppDb } from '../../db/index.ts'
import { requireValidRule } from './rule-check.ts'
import { createRule } from './rule-store.ts'

export interface PipelineRule {
  id: string
  spec: Record<string, unknown>
  /** Rows from the app database instead of the SQL service. */
  appDbRows?: (db: AppDb) => Promise<Record<string, unknown>[]>
}

export const PIPELINE_RULES: readonly PipelineRule[] = [
  {
    id: 'job-failed',
    spec: {
      name: 'A job run failed',
      kind: 'sql',
      severity: 'critical',
      every: '1m',
      labels: ['job'],
      sql: "-- built-in, over the app database's job runs: each job whose latest run failed\nselect job, error from job_runs where the latest run of job has status = 'failed'",
    },
    appDbRows: async (db) => {
      const latest = await db.selectFrom('job_runs').select(['job', db.fn.max('id').as('id')]).where('status', '!=', 'running').groupBy('job').execute()
      if (latest.length === 0) return []
      const runs = await db.selectFrom('job_runs').select(['job', 'status', 'error', 'id']).where('id', 'in', latest.map((row) => Number(row.id))).execute()
      return runs.filter((run) => run.status === 'failed').map((run) => ({ job: run.job, run: run.id, error: run.error ?? '' }))
    },
  },
  {
    id: 'quarantine-spike',
    spec: {
      name: 'A spike of quarantined sensor messages',
      kind: 'sql',
      severity: 'warning',
      every: '5m',
      labels: ['reason'],
      // Over 100 rejected messages of one reason in the last 10 minutes: a producer or contract broke.
      sql: "select reason, count(*) as rejected from quarantine.sensor_messages where received_at > now() - interval 10 minute group by reason having count(*) > 100",
    },
  },
]

/** Adds the shipped pipeline rules a database does not have yet (never touching tuned ones). */
export async function ensurePipelineRules(db: AppDb, at: string): Promise<number> {
  const present = new Set((await db.selectFrom('alert_rules').select('builtin').where('builtin', 'is not', null).execute()).map((row) => row.builtin))
  let added = 0
  for (const pipeline of PIPELINE_RULES) {
    if (present.has(pipeline.id)) continue
    await createRule(db, { spec: pipeline.spec, rule: requireValidRule(pipeline.spec), author: 'cockpit', at, builtin: pipeline.id })
    added++
  }
  return added
}

export function pipelineRule(builtin: string | null): PipelineRule | undefined {
  return PIPELINE_RULES.find((rule) => rule.id === builtin)
}
