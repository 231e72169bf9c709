/**
 * The Kafka side of the sensor stream: a kafkajs consumer group read in batches, each message
 * validated into a reading or a reject, micro-batches committed to the catalog with the offsets
 * they consumed. The catalog's offsets are the truth: after every (re)assignment the consumer
 * seeks to them, and a message below them is skipped, so nothing is read into the catalog
 * twice. Kafka's own offsets are committed afterwards, for lag monitoring only.
 */
import { Kafka, logLevel, type Consumer } from 'kafkajs'
import { committedOffsets, type Catalog } from '../../catalog/index.ts'
import type { JobLogger } from '../job-logger.ts'
import { openBatchCommitter } from './batch-committer.ts'
import { parseSensorMessage, type SensorReading } from './sensor-message.ts'

export interface SensorConsumerOptions {
  catalog: Catalog
  brokers: string[]
  topic: string
  group: string
  tempDir: string
  logger: JobLogger
  /** Commit at most this often (default 5 s)… */
  commitMs?: number
  /** …or when this many messages are pending (default 50,000). */
  maxBatch?: number
  allowedLatenessMs?: number
  machineOf?: (sensorId: string) => string | undefined
  /** Every valid reading, as it arrives (the live windows feed on this). */
  onReading?: (reading: SensorReading) => void
}

export interface SensorConsumerStats {
  readings: number
  rejects: number
  skipped: number
  commits: number
  lastCommitMs: number
}

export interface SensorConsumer {
  stats: SensorConsumerStats
  /** Messages not yet in the catalog, per partition: high watermark − offset committed with the data. */
  lag(): Promise<Map<number, number>>
  /** Commits what is pending now. */
  flush(): Promise<void>
  stop(): Promise<void>
}

export async function startSensorConsumer(options: SensorConsumerOptions): Promise<SensorConsumer> {
  const { catalog, topic } = options
  const kafka = new Kafka({ clientId: 'plant-cockpit', brokers: options.brokers, logLevel: logLevel.WARN, logCreator: kafkaLog(options.logger) })
  const consumer: Consumer = kafka.consumer({ groupId: options.group })
  const position = { consumer: options.group, topic, kind: 'kafka' as const }
  const stats: SensorConsumerStats = { readings: 0, rejects: 0, skipped: 0, commits: 0, lastCommitMs: 0 }
  let resumeFrom = await committedOffsets(catalog, position.consumer, topic)
  let lastCommit = Date.now()
  // The timer and the batch loop both flush through the committer, which keeps commits in order.
  const committer = await openBatchCommitter({
    catalog,
    tempDir: options.tempDir,
    position,
    allowedLatenessMs: options.allowedLatenessMs,
    onCommitted: async (pending, _result, ms) => {
      stats.commits++
      stats.lastCommitMs = ms
      lastCommit = Date.now()
      resumeFrom = new Map([...resumeFrom, ...pending.nextOffsets])
      await consumer.commitOffsets([...pending.nextOffsets].map(([partition, offset]) => ({ topic, partition, offset })))
    },
  })
  const flush = (): Promise<void> => committer.flush()

  await ensureTopic(kafka, topic, options.logger)
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const assigned = event.payload.memberAssignment[topic] ?? []
    for (const partition of assigned) {
      const offset = resumeFrom.get(partition)
      if (offset !== undefined) consumer.seek({ topic, partition, offset })
    }
  })
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch: incoming, heartbeat, isRunning, isStale }) => {
      const from = resumeFrom.get(incoming.partition)
      for (const message of incoming.messages) {
        if (!isRunning() || isStale()) break
        if (from !== undefined && BigInt(message.offset) < BigInt(from)) {
          stats.skipped++
          continue
        }
        const parsed = parseSensorMessage(message.value, { now: Date.now(), machineOf: options.machineOf })
        if ('reading' in parsed) {
          committer.batch.readings.push({ ...parsed.reading, partition: incoming.partition, offset: message.offset })
          committer.observe(parsed.reading.ts)
          stats.readings++
          options.onReading?.(parsed.reading)
        } else {
          committer.batch.rejects.push({ partition: incoming.partition, offset: message.offset, payload: message.value?.toString('utf8') ?? '', reason: parsed.reject, receivedAt: Date.now() })
          stats.rejects++
        }
        committer.batch.nextOffsets.set(incoming.partition, (BigInt(message.offset) + 1n).toString())
      }
      await heartbeat()
      if (committer.batch.size >= (options.maxBatch ?? 50_000) || Date.now() - lastCommit >= (options.commitMs ?? 5_000)) await flush()
    },
  })
  const timer = setInterval(() => void flush().catch((error: Error) => options.logger.error({ err: error }, `sensor commit failed: ${error.message}`)), options.commitMs ?? 5_000)

  const lag = async (): Promise<Map<number, number>> => {
    const admin = kafka.admin()
    await admin.connect()
    try {
      const high = await admin.fetchTopicOffsets(topic)
      return new Map(high.map((p) => [p.partition, Number(BigInt(p.high) - BigInt(resumeFrom.get(p.partition) ?? p.low))]))
    } finally {
      await admin.disconnect()
    }
  }

  return {
    stats,
    lag,
    flush,
    stop: async () => {
      clearInterval(timer)
      await consumer.stop()
      await flush().catch((error: Error) => options.logger.error({ err: error }, `final sensor commit failed: ${error.message}`))
      await consumer.disconnect()
      committer.close()
    },
  }
}

/**
 * Subscribing to a topic that does not exist fails in kafkajs even where the broker would
 * auto-create it; create it (broker defaults) and say so, or fail naming the topic.
 */
async function ensureTopic(kafka: Kafka, topic: string, logger: JobLogger): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const topics = await admin.listTopics()
    if (topics.includes(topic)) return
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true })
    logger.warn({ topic }, `Kafka topic ${topic} did not exist and was created with the broker's defaults`)
  } catch (error) {
    throw new Error(`cannot use Kafka topic ${topic}: ${(error as Error).message}`, { cause: error })
  } finally {
    await admin.disconnect()
  }
}

function kafkaLog(logger: JobLogger) {
  return () =>
    ({ level, log }: { level: number; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...fields } = log
      if (level <= logLevel.ERROR) logger.error({ kafka: fields }, `kafka: ${message}`)
      else logger.warn({ kafka: fields }, `kafka: ${message}`)
    }
}
