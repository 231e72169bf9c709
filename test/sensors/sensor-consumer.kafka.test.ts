/**
 * The sensor consumer on the real broker: valid readings reach sensors.readings and the
 * one-minute windows once, malformed messages are quarantined with reasons, and a restart —
 * even one whose Kafka offsets were lost — resumes from the offsets committed with the data.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import { silentLogger } from '../../jobs/index.ts'
import { startSensorConsumer, type SensorConsumer } from '../../jobs/sensors/index.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'

const brokers = [inject('kafka').brokers]
const topic = `sensor-readings-${Date.now()}`
const group = `cockpit-${Date.now()}`
const kafka = new Kafka({ clientId: 'sensor-test', brokers, logLevel: logLevel.NOTHING })
let admin: Admin
let producer: Producer
let test: TestCatalog

// Event times well in the past, so every window but the last few closes.
const t0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000

function reading(sensor: number, second: number, temperature: number) {
  return { key: `S${sensor}`, value: JSON.stringify({ sensor_id: `S${sensor}`, machine_id: `M${sensor % 3}`, ts: new Date(t0 + second * 1000).toISOString(), temperature, unit: 'C' }) }
}

async function produce(messages: { key: string; value: string }[]): Promise<void> {
  await producer.send({ topic, messages })
}

function consumer(): Promise<SensorConsumer> {
  return startSensorConsumer({ catalog: test.catalog, brokers, topic, group, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 300 })
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const count = async (sql: string): Promise<number> => Number((await test.query(sql))[0]!.n)

beforeAll(async () => {
  admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  test = await createTestCatalog()
})
afterAll(async () => {
  await producer?.disconnect()
  await admin?.disconnect()
  await test?.close()
})

describe('the sensor consumer', () => {
  const valid = Array.from({ length: 600 }, (_, i) => reading(i % 6, Math.floor(i / 6) * 5, 60 + (i % 17)))
  const malformed = [
    { key: 'x', value: '{not json' },
    { key: 'x', value: JSON.stringify({ sensor_id: 'S1', temperature: 50 }) },
    { key: 'x', value: JSON.stringify({ sensor_id: 'S1', ts: new Date(t0).toISOString(), temperature: -500 }) },
    { key: 'x', value: JSON.stringify({ sensor_id: 'S1', ts: new Date(t0).toISOString(), temperature: 50, unit: 'X' }) },
    { key: 'x', value: JSON.stringify({ sensor_id: 'S1', ts: new Date(Date.now() + 3_600_000).toISOString(), temperature: 50 }) },
  ]

  it('stores each valid reading once, quarantines the malformed with reasons, and writes closed windows', async () => {
    await produce([...valid, ...malformed, ...valid.slice(0, 20)])
    const running = await consumer()
    await until(() => running.stats.readings + running.stats.rejects >= 625, 'all messages')
    await running.stop()

    expect(await count('SELECT count(*) AS n FROM sensors.readings')).toBe(600)
    expect(await count('SELECT count(DISTINCT (sensor_id, ts)) AS n FROM sensors.readings')).toBe(600)
    const reasons = (await test.query('SELECT reason FROM quarantine.sensor_messages ORDER BY kafka_offset')).map((row) => row.reason)
    expect(reasons).toHaveLength(5)
    expect(reasons).toEqual(
      expect.arrayContaining([
        'not JSON',
        'missing ts',
        'temperature is below absolute zero (-500 C)',
        'unknown unit "X" (expected C, F or K)',
        expect.stringMatching(/^ts is more than 5 minutes in the future/),
      ]),
    )
    // Each sensor reads every 5 s from 0 to 495 s; the watermark is 495 − 30 = 465 s, so the
    // windows ending at 60 … 420 s are closed (7 of 12 readings each) and [420, 480) is still open.
    const windows = await test.query('SELECT sensor_id, count(*) AS windows, sum(n) AS n FROM sensors.windows_1m GROUP BY sensor_id ORDER BY sensor_id')
    expect(windows).toHaveLength(6)
    for (const row of windows) expect(row).toMatchObject({ windows: '7', n: '84' })
    const offsets = await test.catalog.db.selectFrom('stream_offsets').selectAll().execute()
    const produced = (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high])
    expect(offsets.map((o) => [o.partition, o.next_offset]).sort()).toEqual(produced.sort())
  })

  it('resumes from the catalog offsets even when Kafka forgot its own, reading nothing twice', async () => {
    await admin.resetOffsets({ groupId: group, topic, earliest: true })
    await produce(Array.from({ length: 60 }, (_, i) => reading(i % 6, 600 + Math.floor(i / 6) * 5, 70)))
    const running = await consumer()
    await until(() => running.stats.readings >= 60, 'the new readings')
    await running.stop()
    expect(running.stats.readings).toBe(60)
    expect(running.stats.rejects).toBe(0)
    expect(await count('SELECT count(*) AS n FROM sensors.readings')).toBe(660)
    expect(await count('SELECT count(*) AS n FROM quarantine.sensor_messages')).toBe(5)
  })
})

describe('consumer lag', () => {
  it('is zero per partition once everything produced is committed to the catalog', async () => {
    const running = await consumer()
    await running.flush()
    const lag = await running.lag()
    await running.stop()
    expect([...lag.values()]).toEqual([0, 0, 0])
  })
})
