/**
 * Proves that kafkajs 2.2.4 works against the broker infra/kafka/pom.xml pins. Kafka 4
 * removed old protocol versions (KIP-896) and kafkajs is unmaintained, so this covers what
 * the app relies on: admin topic creation, produce, a consumer group with eachBatch,
 * explicit offset commits, offset fetch, and a new group member resuming from the commits.
 * Uses the kafka project's shared broker (test/harness/setup/kafka.ts).
 */
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'

const topic = 'kafkajs-compat'
const groupId = 'kafkajs-compat-group'
const firstBatch = 60
const secondBatch = 12

let kafka: Kafka
let admin: Admin
let producer: Producer
const consumers: Consumer[] = []

beforeAll(async () => {
  kafka = new Kafka({ clientId: 'kafkajs-compat-test', brokers: [inject('kafka').brokers], logLevel: logLevel.ERROR })
  admin = kafka.admin()
  await admin.connect()
  // The default (Java-compatible) partitioner; naming it also silences kafkajs's v2 notice.
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
})

afterAll(async () => {
  for (const consumer of consumers) await consumer.disconnect().catch(() => undefined)
  await producer?.disconnect().catch(() => undefined)
  await admin?.disconnect().catch(() => undefined)
}, 30_000)

/** Values `prefix-0` .. `prefix-(count-1)`, keyed so that they spread over the partitions. */
async function produce(prefix: string, count: number): Promise<string[]> {
  const values = Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `key-${i}`, value })) })
  return values
}

/** Joins the group and collects values until `count` arrived, committing after each batch. */
async function consume(count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId })
  consumers.push(consumer)
  await consumer.connect()
  // fromBeginning only applies without committed offsets, so the second member resuming
  // from the commits (not from offset 0) shows the commits were stored and read back.
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const received: string[] = []
  let done!: () => void
  const all = new Promise<void>((resolve) => (done = resolve))
  await consumer.run({
    autoCommit: false, // commit explicitly, so the OffsetCommit request is ours to check
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        received.push(message.value?.toString() ?? '')
        resolveOffset(message.offset)
      }
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
      ])
      await heartbeat()
      if (received.length >= count) done()
    },
  })
  await withTimeout(all, 30_000, () => `received ${received.length} of ${count} messages`)
  await consumer.disconnect()
  return received
}

async function withTimeout(promise: Promise<void>, ms: number, describeState: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describeState()}`)), ms)
  })
  try {
    await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

describe('kafkajs 2.2.4 against the harness broker', () => {
  test('admin creates a topic with 3 partitions', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true)
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] })
    expect(metadata.topics[0]?.partitions).toHaveLength(3)
  })

  test('a consumer group reads every produced message once and commits offsets', async () => {
    const sent = await produce('first', firstBatch)
    const highWatermarks = await admin.fetchTopicOffsets(topic)
    // Spread over all partitions, so the group really consumes (and commits) three.
    expect(highWatermarks.every((p) => Number(p.high) > 0)).toBe(true)
    expect(highWatermarks.reduce((sum, p) => sum + Number(p.high), 0)).toBe(firstBatch)

    const received = await consume(firstBatch)
    expect([...received].sort()).toEqual([...sent].sort())
  }, 60_000)

  test('the committed offsets equal the high watermarks', async () => {
    const highWatermarks = await admin.fetchTopicOffsets(topic)
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
    const byPartition = (list: { partition: number; offset: string }[]) =>
      list.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition)
    expect(committed?.topic).toBe(topic)
    expect(byPartition(committed?.partitions ?? [])).toEqual(byPartition(highWatermarks))
  })

  test('a new member of the group resumes from the committed offsets', async () => {
    const sent = await produce('second', secondBatch)
    const received = await consume(secondBatch)
    // Only the new messages: nothing from "first-*" was delivered again.
    expect([...received].sort()).toEqual([...sent].sort())

    const highWatermarks = await admin.fetchTopicOffsets(topic)
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
    const total = (committed?.partitions ?? []).reduce((sum, p) => sum + Number(p.offset), 0)
    expect(total).toBe(firstBatch + secondBatch)
    expect(total).toBe(highWatermarks.reduce((sum, p) => sum + Number(p.high), 0))
  }, 60_000)
})
