/**
 * SQL rules and the shipped pipeline rules over the real app: a SQL rule's rows become firing
 * alerts keyed by its label columns (run through the SQL service over the catalog); a changed
 * rule's alerts resolve; `job-failed` fires while a job's latest run failed and resolves when
 * one succeeds; `mes-dump-late` fires for a dataset whose newest dump is over 26 h old;
 * built-in rules can be disabled but not deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commitNabReadings } from '../../test/fixtures/nab-catalog.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'
import { ensurePipelineRules } from './pipeline-rules.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
  await commitNabReadings(t.runtime.catalog)
}, 120_000)
afterAll(() => t?.close())

const call = (role: Role, path: string, method?: string, body?: unknown): Promise<Response> => t.requestAs(role, path, method, body)

async function runRules(): Promise<void> {
  await t.alerts.schedule.runAll()
  await t.alerts.engine.flush()
}

const active = async () => (await (await call('engineer', '/api/alerts?state=active')).json()).alerts

describe('SQL rules', () => {
  it('makes each returned row a firing alert keyed by its label columns', async () => {
    const spec = { name: 'too hot', kind: 'sql', every: '1m', labels: ['machine_id'], severity: 'critical', sql: 'select machine_id, max(temperature_c) as hottest from sensors.readings group by machine_id having max(temperature_c) > 100' }
    const rule = await (await call('engineer', '/api/alerts/rules', 'POST', spec)).json()
    await runRules()
    const alerts = await active()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ ruleId: rule.id, state: 'firing', labels: { machine_id: 'nab' }, severity: 'critical' })
    expect(alerts[0].value).toBeGreaterThan(100)
    await runRules()
    expect(await t.runtime.appDb.selectFrom('alert_events').select('id').where('rule_id', '=', rule.id).execute()).toHaveLength(1)

    // A changed rule starts over: its alerts resolve, and the new query finds nothing.
    expect((await call('engineer', `/api/alerts/rules/${rule.id}`, 'PUT', { rule: { ...spec, sql: spec.sql.replace('> 100', '> 1000') }, baseVersion: 1 })).status).toBe(200)
    await runRules()
    expect(await active()).toEqual([])
    const bad = await call('engineer', '/api/alerts/rules', 'POST', { ...spec, labels: [] })
    expect((await bad.json()).error.field).toBe('labels')
  })
})

describe('pipeline rules', () => {
  it('are added once, fire while a job’s latest run failed, resolve when it succeeds, and are disabled rather than deleted', async () => {
    expect(await ensurePipelineRules(t.runtime.appDb, new Date().toISOString())).toBe(6)
    expect(await ensurePipelineRules(t.runtime.appDb, new Date().toISOString())).toBe(0)
    await t.alerts.rulesChanged()
    const rules = (await (await call('analyst', '/api/alerts/rules')).json()).rules.filter((rule: { builtin: boolean }) => rule.builtin)
    expect(rules.map((rule: { name: string }) => rule.name).sort()).toEqual(['A job run failed', 'A sensor topic went silent', 'A spike of quarantined sensor messages', 'An MES dump is late', 'Schema drift in an MES dump', 'Sensor consumer lag above a bound'])
    const jobFailed = rules.find((rule: { name: string }) => rule.name === 'A job run failed')

    const run = (status: string) => t.runtime.appDb.insertInto('job_runs').values({ job: 'mes-ingest', trigger: 'schedule', status, started_at: new Date().toISOString(), finished_at: new Date().toISOString(), progress: null, summary: null, error: status === 'failed' ? 'landing folder unreadable' : null, owner: null }).execute()
    await run('succeeded')
    await runRules()
    expect(await active()).toEqual([])
    await run('failed')
    await runRules()
    expect(await active()).toEqual([expect.objectContaining({ ruleId: jobFailed.id, labels: { job: 'mes-ingest' }, severity: 'critical', state: 'firing' })])
    await run('succeeded')
    await runRules()
    expect(await active()).toEqual([])

    const deleted = await call('engineer', `/api/alerts/rules/${jobFailed.id}`, 'DELETE')
    expect(deleted.status).toBe(409)
    expect((await deleted.json()).error.message).toMatch(/disable it/)
    expect((await call('engineer', `/api/alerts/rules/${jobFailed.id}`, 'PUT', { rule: { ...jobFailed.rule, enabled: false }, baseVersion: jobFailed.version })).status).toBe(200)
  })

  it('fires when an MES dataset’s newest dump is older than 26 hours', async () => {
    const object = (dataset: string, hoursAgo: number) => ({ source: 'landing', object_key: `${dataset}/${hoursAgo}.json`, etag: `${dataset}${hoursAgo}`, last_modified: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), size: 1, dataset, status: 'ingested', rows_accepted: 1, rows_quarantined: 0, snapshot_id: 1, job_run_id: null })
    await t.runtime.appDb.insertInto('ingested_objects').values([object('orders', 30), object('orders', 2), object('machine_states', 40)]).execute()
    await runRules()
    const late = (await active()).filter((alert: { ruleName: string }) => alert.ruleName === 'An MES dump is late')
    expect(late).toEqual([expect.objectContaining({ labels: { dataset: 'machine_states' }, state: 'firing' })])
    expect(late[0].value).toBeGreaterThan(39)
  })
})
