/**
 * Alerts across a restart of a real `cockpit start` on the same data dir (issue 15): a firing
 * alert stays one alert with one `firing` event (so one notification) and resolves when its
 * condition clears, a pending one keeps its recorded start, and a stale rule does not take the
 * restart's gap for silence. The readings come from the embedded replay through the sensor
 * pipeline; the condition cleared is a SQL rule's (the replay's values cannot be steered from
 * here). A pending period completing across a restart is checked on the engine, in
 * server/alerts/alert-engine-restart.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-alerts-restart-'))
const env = { COCKPIT_SIMULATOR: 'false' }
let cockpit: ServedCockpit | undefined

afterAll(async () => {
  await cockpit?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

interface AlertView {
  id: number
  ruleId: number
  key: string
  state: string
  since: string
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
// Every replayed reading is above -1000 °C: these hold from each sensor's first reading on.
const always = (name: string, machine: string, pending: string) => ({ name, kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: pending, severity: 'info', filter: { machine_id: machine } })

async function createRule(spec: unknown): Promise<number> {
  const response = await (await cockpit!.as('engineer')).api('/api/alerts/rules', json('POST', spec))
  expect(response.status).toBe(201)
  return (await response.json()).id as number
}

async function alertsOf(ruleId: number): Promise<AlertView[]> {
  const { alerts } = await (await (await cockpit!.as('manager')).api(`/api/alerts?ruleId=${ruleId}&limit=50`)).json()
  return (alerts as AlertView[]).map(({ id, ruleId: rule, key, state, since }) => ({ id, ruleId: rule, key, state, since }))
}

async function eventsOf(ruleIds: number[]): Promise<string[]> {
  const sql = `SELECT rule_id, key, state FROM alerts.events WHERE rule_id IN (${ruleIds.join(', ')}) ORDER BY event_id`
  const response = await (await cockpit!.as('analyst')).api('/api/query', json('POST', { sql }))
  expect(response.status).toBe(200)
  return ((await response.json()).rows as [string | number, string, string][]).map(([rule, key, state]) => `${rule} ${key} ${state}`)
}

/** Polls `check` (no timing is asserted) until it answers something, or gives up after a minute. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((resolve) => setTimeout(resolve, 500))) {
    const found = await check()
    if (found !== undefined) return found
  }
  throw new Error(`gave up waiting: ${what}`)
}

describe('alerts across a restart of cockpit start', () => {
  it('carry on: a firing alert stays one alert with one firing event and resolves when its condition clears, the pending one keeps its start, the stale rule stays quiet', async () => {
    cockpit = await serveCockpit({ dataDir, env })
    const firingRule = await createRule(always('M01 always', 'M01', '0s'))
    const pendingRule = await createRule(always('M02 for an hour', 'M02', '1h'))
    const staleRule = await createRule({ name: 'M03 quiet', kind: 'stale', after: '5s', severity: 'warning', filter: { machine_id: 'M03' } })
    // Fires until the catalog's alerts.events holds an event of a rule named "gate open": a condition the test clears after the restart.
    const gatedRule = await createRule({ name: 'gate closed', kind: 'sql', every: '2s', labels: ['gate'], sql: "select 'main' as gate from (select count(*) as n from alerts.events where rule_name = 'gate open') where n = 0" })
    const before = await until('the firing and the pending alerts', async () => {
      const alerts = [...(await alertsOf(firingRule)), ...(await alertsOf(pendingRule)), ...(await alertsOf(gatedRule))]
      return alerts.map((alert) => alert.state).join() === 'firing,pending,firing' ? alerts : undefined
    })
    expect(before.map((alert) => [alert.key, alert.state])).toEqual([
      ['M01/M01-T1', 'firing'],
      ['M02/M02-T1', 'pending'],
      ['["main"]', 'firing'],
    ])

    expect(await cockpit.stop()).toBe(0)
    cockpit = await serveCockpit({ dataDir, env })

    // A rule made after the restart fires once the restarted pipeline feeds the engine again:
    // from then on every rule has seen readings after the gap.
    const probe = await createRule(always('M01 probe', 'M01', '0s'))
    await until('readings after the restart', async () => ((await alertsOf(probe))[0]?.state === 'firing' ? true : undefined))
    expect([...(await alertsOf(firingRule)), ...(await alertsOf(pendingRule)), ...(await alertsOf(gatedRule))]).toEqual(before)
    expect(await alertsOf(staleRule)).toEqual([])

    // The events are exported to alerts.events every 10 s; once the probe's is there, the others' are too.
    const events = await until('the probe’s event in alerts.events', async () => {
      const found = await eventsOf([firingRule, pendingRule, staleRule, gatedRule, probe])
      return found.includes(`${probe} M01/M01-T1 firing`) ? found : undefined
    })
    expect(events).toEqual([`${firingRule} M01/M01-T1 firing`, `${pendingRule} M02/M02-T1 pending`, `${gatedRule} ["main"] firing`, `${probe} M01/M01-T1 firing`])

    // Its condition clears (the gate opens): the alert of the previous process resolves, the same alert.
    await createRule(always('gate open', 'M01', '0s'))
    const resolved = await until('the gated alert resolved', async () => ((await alertsOf(gatedRule))[0]?.state === 'resolved' ? alertsOf(gatedRule) : undefined))
    expect(resolved).toEqual([{ ...before[2]!, state: 'resolved' }])
  }, 300_000)
})
