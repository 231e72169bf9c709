/** Jobs: the instance, job runs, the work a commit made due, and who runs a job that must run once across instances. */
import type { Generated } from 'kysely'

export interface InstanceTable {
  id: Generated<number>
  created_at: string
  /** The cockpit version that created this database. */
  created_by_version: string
}

export interface JobRunsTable {
  id: Generated<number>
  job: string
  /** schedule | manual | cli | start */
  trigger: string
  /** running | succeeded | failed */
  status: string
  started_at: string
  finished_at: string | null
  /** JSON: the latest progress report. */
  progress: string | null
  /** JSON: counts by dataset and outcome. */
  summary: string | null
  error: string | null
  /** JSON: the process running the run (migration 0008); null for runs from before it. */
  owner: string | null
}

/** Work a commit made due on a derived table, until a commit pays it (migration 0008). */
export interface DerivedDebtTable {
  id: Generated<number>
  /** The derived tables owed, e.g. `kpi`. */
  target: string
  /** The commit that made it due. */
  snapshot_id: number
  /** Event-time range (ISO instants) to recompute; both null: everything. */
  range_min: string | null
  range_max: string | null
}

/** Who runs a job that must run once across instances, until when (migration 0012). */
export interface JobLeasesTable {
  job: string
  holder: string
  /** Grows by one with every change of holder. */
  generation: number
  acquired_at: string
  /** Epoch milliseconds. */
  expires_at: number
}
