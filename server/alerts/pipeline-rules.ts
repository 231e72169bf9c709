/**
 * The pipeline rules the cockpit ships, on by default (issue 15): stored as ordinary rules marked
 * `builtin`, so engineers tune them (severity, schedule, the query), disable them, but cannot
 * delete them. Each is a SQL rule: every row it answers is a firing alert keyed by its labels.
 * Most read the catalog through the SQL service like any SQL rule; `job-failed` and
 * `mes-dump-late` and `mes-schema-drift` read the app database (job runs, ingested objects, the
 * ingestion's data-quality results — not in the catalog), so
 * their rows come from `appDbRows`: their `sql` is shown as what they check and is not run. The
 * sensor stream's rules (`sensor-pipeline-rules.ts`) read its summary through `sensorRows`.
 */
import type { AppDb } from '../../db/index.ts'
import { SCHEMA_DRIFT_CHECK } from '../../jobs/index.ts'
import { requireValidRule } from './rule-check.ts'
import { createRule } from './rule-store.ts'
import { SENSOR_PIPELINE_RULES } from './sensor-pipeline-rules.ts'
import type { SensorWatch } from './sensor-watch.ts'

export interface PipelineRule {
  id: string
  spec: Record<string, unknown>
  /** Rows from the app database instead of the SQL service. */
  appDbRows?: (db: AppDb, now: number) => Promise<Record<string, unknown>[]>
  /** Rows from the running sensor stream's summary instead of the SQL service. */
  sensorRows?: (sensors: SensorWatch) => Promise<Record<string, unknown>[]>
}

/** MES datasets arrive as daily dumps; one is late once its newest is older than a day and two hours. */
export const MES_DUMP_GRACE_HOURS = 26

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
    id: 'mes-dump-late',
    spec: {
      name: 'An MES dump is late',
      kind: 'sql',
      severity: 'warning',
      every: '15m',
      labels: ['dataset'],
      sql: "-- built-in, over the app database's ingested objects: each MES dataset whose newest dump is older than 26 h (daily dumps, 2 h of grace)\nselect dataset, hours_since_last from ingested_objects where the newest last_modified of dataset < now - 26 h",
    },
    appDbRows: async (db, now) => {
      const newest = await db.selectFrom('ingested_objects').select(['dataset', db.fn.max('last_modified').as('last')]).where('dataset', 'is not', null).groupBy('dataset').execute()
      return newest
        .map((row) => ({ dataset: row.dataset ?? '', hours_since_last: Math.round(((now - Date.parse(String(row.last))) / 3_600_000) * 10) / 10 }))
        .filter((row) => row.hours_since_last > MES_DUMP_GRACE_HOURS)
    },
  },
  {
    id: 'mes-schema-drift',
    spec: {
      name: 'Schema drift in an MES dump',
      kind: 'sql',
      severity: 'warning',
      every: '5m',
      labels: ['dataset', 'file', 'drift'],
      sql: "-- built-in, over the app database's data-quality results: each MES dataset whose newest dump has a new, missing or retyped column (against its contract and its previous dump)\nselect dataset, file, drift, changes from catalog_quality where the newest schema_drift check of mes.<dataset> has status = 'warn'",
    },
    appDbRows: (db) => schemaDriftRows(db),
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
  ...SENSOR_PIPELINE_RULES,
]

/** The newest dump of each MES dataset that drifted; a dataset whose newest dump matches again has no row, which resolves its alert. */
async function schemaDriftRows(db: AppDb): Promise<Record<string, unknown>[]> {
  const newest = db.selectFrom('catalog_quality').select((eb) => eb.fn.max('id').as('id')).where('check_name', '=', SCHEMA_DRIFT_CHECK).where('table_name', 'like', 'mes.%').groupBy('table_name')
  const rows = await db
    .selectFrom('catalog_quality as q')
    .leftJoin('ingested_objects as o', 'o.snapshot_id', 'q.snapshot_id')
    .select(['q.table_name', 'q.status', 'q.observed', 'q.detail', 'o.object_key'])
    .where('q.id', 'in', newest)
    .where('q.status', '=', 'warn')
    .execute()
  return rows.map((row) => ({ dataset: row.table_name.replace(/^mes\./, ''), file: row.object_key ?? '', drift: row.detail ?? '', changes: row.observed ?? 0 }))
}

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
