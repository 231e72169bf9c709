/**
 * Live evaluation and backtests share one implementation (issue 15) — checked through the real
 * pipeline: four weeks of NAB's machine-temperature recording (test/fixtures/nab, with its clock
 * jump back on 7 Jan 2014) produced to a real Kafka topic with their recorded timestamps, read by
 * a real `cockpit start` — contract → windows → rules → commit — with a threshold rule on the
 * readings, the deviation template and a rate-of-change rule on the one-minute windows enabled
 * before the first message.
 * The firings recorded live (GET /api/alerts/firings) must equal POST
 * /api/alerts/rules/{id}/backtest over the same range: start, end, labels and peak.
 */
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { TEMPLATES } from '../../alerts/index.ts'
import { replayMessage } from '../../jobs/sensors/source/replay/replay-message.ts'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { loadNabSeries } from '../fixtures/nab-series.ts'
import { until } from '../sensors/until.ts'

const brokers = inject('kafka').brokers
const stamp = Date.now()
const topic = `alerts-live-${stamp}`
const env = {
  COCKPIT_KAFKA_BROKERS: brokers,
  COCKPIT_KAFKA_TOPIC: topic,
  COCKPIT_KAFKA_GROUP: `alerts-live-${stamp}`,
  COCKPIT_KAFKA_WINDOWS_TOPIC: `alerts-live-windows-${stamp}`,
  COCKPIT_SENSOR_COMMIT_MS: '500',
  COCKPIT_SIMULATOR: 'false',
  COCKPIT_LOG_LEVEL: 'warn',
}
const kafka = new Kafka({ clientId: 'alerts-live-test', brokers: [brokers], logLevel: logLevel.NOTHING })
let cockpit: ServedCockpit | undefined
afterAll(async () => {
  await cockpit?.stop()
})

// 20 days before NAB's clock jump back (index 10149, 7 Jan 2014 02:55 → 02:00) and 8 after: 28 days, within a backtest's 31.
const STEPS_PER_DAY = 288
const JUMP = 10_149
const nab = loadNabSeries('machine_temperature_system_failure')
const points = nab.timestamps.map((ts, i) => ({ ts, value: nab.values[i]! })).slice(JUMP - 20 * STEPS_PER_DAY, JUMP + 8 * STEPS_PER_DAY)

interface Firing {
  start: string
  end: string | null
  labels: Record<string, string>
  peak: number | null
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function sql(query: string): Promise<unknown[][]> {
  const response = await (await cockpit!.as('analyst')).api('/api/query', json('POST', { sql: query }))
  expect(response.status).toBe(200)
  return (await response.json()).rows
}

const byStart = (a: Firing, b: Firing): number => a.start.localeCompare(b.start) || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels))

describe('live evaluation through the sensor pipeline and a backtest of the same range', () => {
  it('give the same firings for a threshold rule on readings, and the deviation template and a rate-of-change rule on windows', { timeout: 600_000 }, async () => {
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    await admin.disconnect()
    cockpit = await serveCockpit({ env, timeoutMs: 120_000 })

    const engineer = await cockpit.as('engineer')
    const rules = {
      threshold: { name: 'machine below 70 °C', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '<', value: 70, clear: 75, for: '10m', severity: 'warning' },
      deviation: { ...TEMPLATES.find((template) => template.id === 'deviation')!.spec, name: 'machine deviates' },
      rateOfChange: { name: 'machine cools fast', kind: 'rate_of_change', field: 'avg_c', op: '<', value: -0.2, span: '30m', for: '10m', severity: 'info' },
    }
    const ids: Record<string, number> = {}
    for (const [name, spec] of Object.entries(rules)) {
      const created = await engineer.api('/api/alerts/rules', json('POST', spec))
      expect(created.status, await created.clone().text()).toBe(201)
      ids[name] = (await created.json()).id
    }

    const producer = kafka.producer()
    await producer.connect()
    for (let i = 0; i < points.length; i += 500) {
      await producer.send({ topic, messages: points.slice(i, i + 500).map(({ ts, value }) => replayMessage(0, ts, value)) })
    }
    await producer.disconnect()

    // Everything read and committed: the evaluation comes before the commit, so the engine has seen it all.
    const distinct = new Set(points.map((point) => point.ts)).size
    await until(async () => Number((await sql(`SELECT count(*) FROM sensors.readings WHERE sensor_id = 'M01-T1'`))[0]![0]) === distinct, 'every reading in the catalog', 300_000)

    const from = new Date(points[0]!.ts).toISOString()
    const to = new Date(Math.max(...points.map((point) => point.ts)) + 60_000).toISOString()
    for (const [name, id] of Object.entries(ids)) {
      const backtest = await engineer.api(`/api/alerts/rules/${id}/backtest`, json('POST', { from, to }))
      expect(backtest.status).toBe(200)
      const expected = ((await backtest.json()).firings as Firing[]).sort(byStart)
      let live: Firing[] = []
      // The transitions are written by the engine's queue after evaluation: wait for them to settle.
      await until(async () => {
        const answer = await (await cockpit!.as('manager')).api(`/api/alerts/firings?from=${from}&to=${to}&ruleId=${id}&limit=500`)
        live = ((await answer.json()).firings as Firing[]).map(({ start, end, labels, peak }) => ({ start, end, labels, peak })).sort(byStart)
        return live.length >= expected.length
      }, `the live firings of ${name}`, 60_000).catch(() => undefined)
      expect(expected.length, `${name} fires in the range`).toBeGreaterThan(0)
      expect(live, name).toEqual(expected)
    }
  })
})
