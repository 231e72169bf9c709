/**
 * SQL rules on their schedule: each enabled rule runs its query through the SQL service every
 * `every` (croner with a minimum interval, `protect` so a slow run is not overlapped) and feeds
 * the rows to the engine — each row a firing alert keyed by its label columns. Rescheduled
 * whenever the rules change.
 *
 * Instances sharing one PostgreSQL app database (`leaseHolder` set) run each rule on one of them:
 * a tick first takes or renews the rule's job lease `sql-rule:<id>` (../../jobs/job-leases.ts),
 * kept across ticks (not released after each run) so a rule stays with one engine, whose state
 * (pending `for` durations) it keeps; another instance takes it over when the holder stops
 * renewing for the TTL (three intervals, at least 30 s).
 */
import { Cron } from 'croner'
import type { SqlRule } from '../../alerts/index.ts'
import type { SqlService } from '../sql/sql-service.ts'
import type { AlertEngine } from './alert-engine.ts'
import { runSqlRule } from './sql-rule-rows.ts'
import type { AppDb } from '../../db/index.ts'
import type { StoredRule } from './rule-store.ts'
import { pipelineRule } from './pipeline-rules.ts'
import type { SensorWatch } from './sensor-watch.ts'
import { acquireLease } from '../../jobs/index.ts'

/** The SQL service's queue SQL rules run in: their own, so a user's queries never wait on them. */
export const SQL_RULE_USER = 'alert-rules'

export interface SqlRuleScheduleOptions {
  db: AppDb
  engine: AlertEngine
  sql: SqlService
  clock: () => number
  onError: (error: unknown, context: string) => void
  /** This instance as a lease holder when several share the app database; unset, every rule runs here. */
  leaseHolder?: string
}

/** The job lease a SQL rule runs under, and how long it outlives its holder's last tick. */
export const sqlRuleLease = (rule: Pick<StoredRule, 'id'>): string => `sql-rule:${rule.id}`
export const sqlRuleLeaseTtlMs = (everyMs: number): number => Math.max(30_000, 3 * everyMs)

export class SqlRuleSchedule {
  private crons: Cron[] = []
  private sensors: SensorWatch | undefined


  constructor(private readonly options: SqlRuleScheduleOptions) {}

  /** Schedules the engine's SQL rules afresh. */
  reschedule(): void {
    this.stop()
    for (const stored of this.options.engine.sqlRules()) {
      const seconds = Math.max(1, Math.round((stored.rule as SqlRule).every / 1000))
      this.crons.push(new Cron('* * * * * *', { interval: seconds, protect: true, unref: true }, () => this.run(stored)))
    }
  }

  /** The sensor stream's summary for the sensor pipeline rules, once the stream runs. */
  watchSensors(sensors: SensorWatch): void {
    this.sensors = sensors
  }

  /** Runs one rule now and feeds its rows to the engine. */
  async run(stored: StoredRule): Promise<void> {
    const rule = stored.rule as SqlRule
    try {
      if (!(await this.holds(stored))) return
      const rows = await this.rows(stored)
      // No stream to watch yet: no verdict, rather than a silence that is not there.
      if (rows === undefined) return
      this.options.engine.onRows(stored.id, rows, this.options.clock())
    } catch (error) {
      // A failing query is the rule's problem, not the server's: logged, tried again next time.
      this.options.onError(error, `SQL alert rule ${stored.id} (${rule.name}) failed`)
    }
  }

  /** Whether this instance runs the rule now: it took or renewed the rule's lease (always, alone). */
  private async holds(stored: StoredRule): Promise<boolean> {
    const holder = this.options.leaseHolder
    if (holder === undefined) return true
    const ttlMs = sqlRuleLeaseTtlMs((stored.rule as SqlRule).every)
    return (await acquireLease(this.options.db, { job: sqlRuleLease(stored), holder, ttlMs, now: this.options.clock() })) !== undefined
  }

  private async rows(stored: StoredRule): Promise<Record<string, unknown>[] | undefined> {
    const pipeline = pipelineRule(stored.builtin)
    if (pipeline?.sensorRows !== undefined) return this.sensors === undefined ? undefined : pipeline.sensorRows(this.sensors)
    if (pipeline?.appDbRows !== undefined) return pipeline.appDbRows(this.options.db, this.options.clock())
    return runSqlRule({ sql: this.options.sql, user: SQL_RULE_USER }, stored.rule as SqlRule)
  }

  /** Runs every scheduled rule once now (tests, and a rule just saved). */
  async runAll(): Promise<void> {
    for (const stored of this.options.engine.sqlRules()) await this.run(stored)
  }

  stop(): void {
    for (const cron of this.crons) cron.stop()
    this.crons = []
  }
}
