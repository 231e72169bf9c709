/** Readings from a producer that is not ours — Kafka's console producer — reach the catalog once. */
import { describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import { silentLogger } from '../../jobs/index.ts'
import { startSensorConsumer } from '../../jobs/sensors/index.ts'
import { consoleProduce } from '../harness/console-producer.ts'
import { createTestCatalog } from '../fixtures/test-catalog.ts'

const brokers = inject('kafka').brokers

describe('a foreign producer', () => {
  it("gets its valid lines into sensors.readings and its malformed ones into quarantine", async () => {
    const topic = `console-${Date.now()}`
    const t0 = Date.now() - 600_000
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ sensor_id: `C${i % 5}`, ts: new Date(t0 + i * 1000).toISOString(), temperature: 40 + i / 10 }))
    await consoleProduce(brokers, topic, [...lines, 'temperature=41', '{"sensor_id":"C1","ts":"yesterday","temperature":1}'])

    const test = await createTestCatalog()
    try {
      const consumer = await startSensorConsumer({ catalog: test.catalog, brokers: [brokers], topic, group: `console-${Date.now()}`, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 300 })
      for (let i = 0; i < 200 && consumer.stats.readings + consumer.stats.rejects < 52; i++) await new Promise((resolve) => setTimeout(resolve, 100))
      await consumer.stop()
      expect(await test.query('SELECT count(*) AS n FROM sensors.readings')).toEqual([{ n: '50' }])
      const reasons = (await test.query('SELECT reason FROM quarantine.sensor_messages ORDER BY kafka_offset')).map((row) => row.reason)
      expect(reasons).toEqual(['not JSON', 'ts is not an ISO-8601 timestamp with a zone or epoch milliseconds ("yesterday")'])
    } finally {
      await test.close()
    }
  })
})
