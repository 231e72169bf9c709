/**
 * The sensor stream's pipeline rules over a fake summary (no Kafka): a topic with no readings in
 * the last minute fires "went silent", a lag above the bound fires the lag rule, both resolve when
 * the summary recovers; without a stream to watch they give no verdict; they are tuned like any
 * built-in rule (here the pending period, so one run decides). An instance that reads no
 * readings while messages are produced to the topic (its partitions are read elsewhere) does not
 * call the topic silent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import type { Role } from '../auth/access-rules.ts'
import { ensurePipelineRules } from './pipeline-rules.ts'
import { SENSOR_LAG_BOUND, SENSOR_PIPELINE_RULES } from './sensor-pipeline-rules.ts'
import type { SensorWatch } from './sensor-watch.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
}, 120_000)
afterAll(() => t?.close())

const summary = { readingsPerSecond: 10_000, consumerLag: 0 as number | null, topicMessagesPerSecond: 10_000 as number | null }
const fake: SensorWatch = { topic: 'sensor-readings', summary: async () => ({ ...summary }) }
const rowsOf = (id: string) => SENSOR_PIPELINE_RULES.find((rule) => rule.id === id)!.sensorRows!(fake)

const call = (role: Role, path: string, method?: string, body?: unknown): Promise<Response> => t.requestAs(role, path, method, body)

async function runRules(): Promise<void> {
  await t.alerts.schedule.runAll()
  await t.alerts.engine.flush()
}

const firing = async (): Promise<{ ruleName: string; labels: Record<string, string>; value: number }[]> =>
  (await (await call('engineer', '/api/alerts?state=firing')).json()).alerts

describe('sensor pipeline rules, on their own', () => {
  it('answer a row only while the topic is silent or the lag is above the bound', async () => {
    expect(await rowsOf('sensor-topic-silent')).toEqual([])
    expect(await rowsOf('sensor-lag-high')).toEqual([])
    // No readings here, but the topic is produced to: another instance reads its partitions.
    Object.assign(summary, { readingsPerSecond: 0 })
    expect(await rowsOf('sensor-topic-silent')).toEqual([])
    Object.assign(summary, { readingsPerSecond: 0, consumerLag: SENSOR_LAG_BOUND + 1, topicMessagesPerSecond: 0 })
    expect(await rowsOf('sensor-topic-silent')).toEqual([{ topic: 'sensor-readings', readings_per_second: 0 }])
    // Without a topic rate (no Kafka), this instance's readings decide.
    summary.topicMessagesPerSecond = null
    expect(await rowsOf('sensor-topic-silent')).toEqual([{ topic: 'sensor-readings', readings_per_second: 0 }])
    expect(await rowsOf('sensor-lag-high')).toEqual([{ topic: 'sensor-readings', consumer_lag: SENSOR_LAG_BOUND + 1 }])
    // No lag figure (no Kafka, or the broker did not answer) is no verdict on lag.
    summary.consumerLag = null
    expect(await rowsOf('sensor-lag-high')).toEqual([])
    Object.assign(summary, { readingsPerSecond: 10_000, consumerLag: 0, topicMessagesPerSecond: 10_000 })
  })
})

describe('sensor pipeline rules in the engine', () => {
  it('are shipped on, fire from the stream’s summary once tuned to no pending period, and resolve', async () => {
    await ensurePipelineRules(t.runtime.appDb, new Date().toISOString())
    await t.alerts.rulesChanged()
    const rules = (await (await call('analyst', '/api/alerts/rules')).json()).rules.filter((rule: { builtin: boolean }) => rule.builtin)
    const silent = rules.find((rule: { name: string }) => rule.name === 'A sensor topic went silent')
    const lag = rules.find((rule: { name: string }) => rule.name === 'Sensor consumer lag above a bound')
    expect(silent).toMatchObject({ enabled: true, severity: 'critical', rule: { for: '2m' } })
    expect(lag).toMatchObject({ enabled: true, severity: 'warning', rule: { for: '5m' } })
    for (const rule of [silent, lag]) {
      expect((await call('engineer', `/api/alerts/rules/${rule.id}`, 'PUT', { rule: { ...rule.rule, for: '0s' }, baseVersion: rule.version })).status).toBe(200)
    }
    await t.alerts.rulesChanged()

    // No stream watched yet: a zero rate would be a silence that is not there.
    Object.assign(summary, { readingsPerSecond: 0, consumerLag: SENSOR_LAG_BOUND * 2, topicMessagesPerSecond: 0 })
    await runRules()
    expect(await firing()).toEqual([])

    t.alerts.watchSensors(fake)
    await runRules()
    const alerts = await firing()
    expect(alerts.map((alert) => alert.ruleName).sort()).toEqual(['A sensor topic went silent', 'Sensor consumer lag above a bound'])
    expect(alerts.find((alert) => alert.ruleName === 'Sensor consumer lag above a bound')).toMatchObject({ labels: { topic: 'sensor-readings' }, value: SENSOR_LAG_BOUND * 2 })

    Object.assign(summary, { readingsPerSecond: 9_000, consumerLag: 50, topicMessagesPerSecond: 9_000 })
    await runRules()
    expect(await firing()).toEqual([])
  })
})
