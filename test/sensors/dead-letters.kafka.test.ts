/**
 * The dead-letter topic on the real broker: every rejected message is produced there as it
 * arrived, with its reason and origin in headers, and is quarantined in the catalog as well;
 * valid readings never go there.
 */
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs'
import { describe, expect, inject, it } from 'vitest'
import { join } from 'node:path'
import { silentLogger } from '../../jobs/index.ts'
import { startSensorConsumer } from '../../jobs/sensors/index.ts'
import { createTestCatalog } from '../fixtures/test-catalog.ts'
import { until } from './until.ts'

const brokers = [inject('kafka').brokers]
const kafka = new Kafka({ clientId: 'dlq-test', brokers, logLevel: logLevel.NOTHING })

async function readTopic(topic: string, count: number): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = kafka.consumer({ groupId: `dlq-reader-${Date.now()}` })
  const seen: { partition: number; message: KafkaMessage }[] = []
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push({ partition, message }) })
  try {
    await until(() => seen.length >= count, `${count} messages on ${topic}`)
  } finally {
    await consumer.disconnect()
  }
  return seen
}

describe('the dead-letter topic', () => {
  it('receives each rejected message with reason, source topic, partition and offset', async () => {
    const topic = `dlq-source-${Date.now()}`
    const dlqTopic = `${topic}-dead`
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })
    await admin.disconnect()
    const t0 = Date.now() - 600_000
    const valid = Array.from({ length: 40 }, (_, i) => ({ key: `D${i % 4}`, value: JSON.stringify({ sensor_id: `D${i % 4}`, ts: t0 + i * 1000, temperature: 50 + i }) }))
    const malformed = [
      { key: 'bad-1', value: 'temperature=41' },
      { key: 'bad-2', value: JSON.stringify({ sensor_id: 'D1', ts: t0, temperature: 'hot' }) },
      { key: 'bad-3', value: JSON.stringify({ sensor_id: 'D2', ts: t0, temperature: 20, unit: 'R' }) },
    ]
    const producer = kafka.producer()
    await producer.connect()
    await producer.send({ topic, messages: [...valid.slice(0, 20), ...malformed, ...valid.slice(20)] })
    await producer.disconnect()

    const test = await createTestCatalog()
    try {
      const consumer = await startSensorConsumer({ catalog: test.catalog, brokers, topic, group: `dlq-${Date.now()}`, dlqTopic, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 300 })
      await until(() => consumer.stats.readings + consumer.stats.rejects >= 43, 'all messages')
      await consumer.stop()
      expect(consumer.stats.deadLetters).toBe(3)

      const letters = await readTopic(dlqTopic, 3)
      const byKey = new Map(letters.map(({ message }) => [message.key?.toString(), message]))
      expect([...byKey.keys()].sort()).toEqual(['bad-1', 'bad-2', 'bad-3'])
      const quarantined = await test.query('SELECT kafka_partition, kafka_offset, payload, reason FROM quarantine.sensor_messages')
      expect(quarantined).toHaveLength(3)
      for (const row of quarantined) {
        const letter = [...byKey.values()].find((message) => message.value?.toString() === row.payload)
        expect(letter, `dead letter for ${String(row.payload)}`).toBeDefined()
        const headers = Object.fromEntries(Object.entries(letter!.headers ?? {}).map(([name, value]) => [name, value?.toString()]))
        expect(headers).toEqual({ reason: row.reason, 'source-topic': topic, 'source-partition': String(row.kafka_partition), 'source-offset': String(row.kafka_offset) })
      }
      expect(quarantined.map((row) => row.reason).sort()).toEqual(['not JSON', 'temperature is not a number', 'unknown unit "R" (expected C, F or K)'].sort())
      expect(await test.query('SELECT count(*) AS n FROM sensors.readings')).toEqual([{ n: '40' }])
    } finally {
      await test.close()
    }
  })
})
