/**
 * SQL rules on instances sharing one app database (both databases): a rule runs on the instance
 * that took its lease, tick after tick, and moves to another only once that one stopped renewing
 * for the lease's TTL. The SQL service and the engine are fakes; the leases are real rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRule } from '../../alerts/index.ts'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import type { SqlService } from '../sql/sql-service.ts'
import type { AlertEngine } from './alert-engine.ts'
import type { StoredRule } from './rule-store.ts'
import { SqlRuleSchedule, sqlRuleLeaseTtlMs } from './sql-rule-schedule.ts'

const t0 = Date.parse('2026-12-03T20:00:00Z')
const stored: StoredRule = { id: 7, version: 1, builtin: null, rule: parseRule({ name: 'low oee', kind: 'sql', sql: 'select 1 as machine_id', every: '1m', labels: ['machine_id'] }) } as StoredRule

describe('SQL rule leases', () => {
  it('outlive three intervals, and at least 30 s', () => {
    expect(sqlRuleLeaseTtlMs(60_000)).toBe(180_000)
    expect(sqlRuleLeaseTtlMs(5_000)).toBe(30_000)
  })
})

describe.each(appDatabases)('SQL rules across instances on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  it('run each tick on the instance holding the rule, and move only after its lease ran out', async () => {
    let now = t0
    const fed: string[] = []
    const instance = (holder: string) => {
      const sql = { query: async () => ({ columns: [{ name: 'machine_id', type: 'VARCHAR' }], rows: [['M01']], truncated: false, elapsedMs: 1 }) } as unknown as SqlService
      const engine = { sqlRules: () => [stored], onRows: () => void fed.push(holder) } as unknown as AlertEngine
      return new SqlRuleSchedule({ db, engine, sql, clock: () => now, onError: (error) => { throw error }, leaseHolder: holder })
    }
    const a = instance('a')
    const b = instance('b')
    await Promise.all([a.runAll(), b.runAll()])
    expect(fed).toHaveLength(1)
    const first = fed[0]!
    const [holder, other] = first === 'a' ? [a, b] : [b, a]
    now += 60_000
    await other.runAll()
    await holder.runAll()
    expect(fed).toEqual([first, first])
    // The holder stops; after the TTL from its last tick the other takes the rule over.
    now += sqlRuleLeaseTtlMs(60_000) - 1
    await other.runAll()
    expect(fed).toEqual([first, first])
    now += 1
    await other.runAll()
    expect(fed).toEqual([first, first, first === 'a' ? 'b' : 'a'])
  })

  it('all run on one instance without a lease holder (SQLite installs)', async () => {
    const fed: number[] = []
    const sql = { query: async () => ({ columns: [], rows: [], truncated: false, elapsedMs: 1 }) } as unknown as SqlService
    const engine = { sqlRules: () => [stored], onRows: () => void fed.push(1) } as unknown as AlertEngine
    const schedule = new SqlRuleSchedule({ db, engine, sql, clock: () => t0, onError: (error) => { throw error } })
    await schedule.runAll()
    await schedule.runAll()
    expect(fed).toEqual([1, 1])
    expect(await db.selectFrom('job_leases').selectAll().execute()).toEqual([])
  })
})
