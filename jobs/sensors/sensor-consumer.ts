/**
 * The Kafka side of the sensor stream: a kafkajs consumer group read in batches, each message
 * validated into a reading or a reject, micro-batches committed to the catalog with the offsets
 * they consumed. The catalog's offsets are the truth: after every (re)assignment the consumer
 * seeks to them, and a message below them is skipped, so nothing is read into the catalog
 * twice. Kafka's own offsets are committed afterwards, for lag monitoring only.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Consumer } from 'kafkajs'
import { committedOffsets, type Catalog, type CommitEffects } from '../../catalog/index.ts'
import type { JobLogger } from '../job-logger.ts'
import { openBatchCommitter } from './batch-committer.ts'
import { sendDeadLetters, type DeadLetter } from './dead-letters.ts'
import { kafkaClientConfig, type KafkaSecurity } from './kafka-client.ts'
import type { BatchReading, BatchReject } from './sensor-batch.ts'
import { parseSensorMessage, type SensorReading } from './sensor-message.ts'

export interface SensorConsumerOptions {
  catalog: Catalog
  brokers: string[]
  security?: KafkaSecurity
  topic: string
  group: string
  /** Also produce every rejected message here (see ./dead-letters.ts). */
  dlqTopic?: string
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
  /** Test hooks inside each catalog commit (a crash between writing files and registering them). */
  commitEffects?: CommitEffects
}

export interface SensorConsumerStats {
  readings: number
  rejects: number
  skipped: number
  commits: number
  lastCommitMs: number
  deadLetters: number
  /** Partitions this member of the group owns now. */
  assigned: number[]
}

export interface SensorConsumer {
  stats: SensorConsumerStats
  /** Messages not yet in a catalog, per partition: high watermark − offset committed with the data (by this member or, for partitions another member owns, by the group). */
  lag(): Promise<Map<number, number>>
  /** Commits what is pending now. */
  flush(): Promise<void>
  stop(): Promise<void>
}

export async function startSensorConsumer(options: SensorConsumerOptions): Promise<SensorConsumer> {
  const { catalog, topic } = options
  const kafka = new Kafka(kafkaClientConfig('plant-cockpit', options, { logLevel: logLevel.WARN, logCreator: kafkaLog(options.logger) }))
  const consumer: Consumer = kafka.consumer({ groupId: options.group })
  const admin = kafka.admin()
  const dlq = options.dlqTopic === undefined ? undefined : kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  const position = { consumer: options.group, topic, kind: 'kafka' as const }
  const stats: SensorConsumerStats = { readings: 0, rejects: 0, skipped: 0, commits: 0, lastCommitMs: 0, deadLetters: 0, assigned: [] }
  let resumeFrom = await committedOffsets(catalog, position.consumer, topic)
  let lastCommit = Date.now()
  /** A commit that failed while reading went on: thrown from the next batch, so kafkajs restarts from the catalog's offsets. */
  let backgroundFailure: Error | undefined
  // The timer and the batch loop both flush through the committer, which keeps commits in order.
  const committer = await openBatchCommitter({
    catalog,
    tempDir: options.tempDir,
    position,
    allowedLatenessMs: options.allowedLatenessMs,
    commitEffects: options.commitEffects,
    onCommitted: async (pending, _result, ms) => {
      stats.commits++
      stats.lastCommitMs = ms
      lastCommit = Date.now()
      resumeFrom = new Map([...resumeFrom, ...pending.nextOffsets])
      // The catalog holds the truth now; Kafka's offsets are for lag monitoring only, so a broker
      // that is away must not fail the commit (nor every commit queued behind it).
      await consumer
        .commitOffsets([...pending.nextOffsets].map(([partition, offset]) => ({ topic, partition, offset })))
        .catch((error: Error) => options.logger.warn({ err: error, topic }, `Kafka offsets not committed (the catalog's are): ${error.message}`))
    },
  })
  const flush = (): Promise<void> => committer.flush()

  await admin.connect()
  await ensureTopic(admin, topic, options.logger)
  if (dlq !== undefined && options.dlqTopic !== undefined) {
    await ensureTopic(admin, options.dlqTopic, options.logger)
    await dlq.connect()
  }
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const assigned = event.payload.memberAssignment[topic] ?? []
    stats.assigned = [...assigned].sort((a, b) => a - b)
    // Pending readings of a partition that moved away are the new owner's to read; committing
    // them here too would store them twice.
    committer.batch.keepPartitions(new Set(assigned))
    void seekToCatalog(assigned).catch((error: Error) => options.logger.error({ err: error }, `sensor consumer: cannot seek to the catalog's offsets: ${error.message}`))
  })

  /**
   * Resume each partition from the offset committed with the data, unless the group has moved
   * past it (another instance, with its own catalog, consumed it since): the later of the two.
   * Until the seek lands, messages below the catalog's offset are skipped in the batch loop.
   */
  const seekToCatalog = async (partitions: number[]): Promise<void> => {
    const group = await admin.fetchOffsets({ groupId: options.group, topics: [topic] })
    const committed = new Map((group[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
    for (const partition of partitions) {
      const offset = resumeFrom.get(partition)
      if (offset !== undefined && BigInt(offset) > (committed.get(partition) ?? -1n)) consumer.seek({ topic, partition, offset })
    }
  }

  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch: incoming, heartbeat, isRunning, isStale }) => {
      if (backgroundFailure !== undefined) {
        const failure = backgroundFailure
        backgroundFailure = undefined
        throw failure
      }
      const resume = resumeFrom.get(incoming.partition)
      // Offsets as numbers (exact below 2^53): a BigInt per message was measurable.
      const from = resume === undefined ? -1 : Number(resume)
      const readings: BatchReading[] = []
      const rejects: BatchReject[] = []
      const letters: DeadLetter[] = []
      let lastOffset: string | undefined
      // One receive time per fetched batch (milliseconds apart), and one options object.
      const parseOptions = { now: Date.now(), machineOf: options.machineOf }
      const messages = incoming.messages
      for (let i = 0; i < messages.length; i++) {
        const message = messages[i]!
        // Checked now and then, not per message (kafkajs builds a key string for each call): a
        // stale batch is dropped whole below anyway, so this is only an early way out.
        if (i % 1024 === 0 && (!isRunning() || isStale())) break
        if (Number(message.offset) < from) {
          stats.skipped++
          continue
        }
        const parsed = parseSensorMessage(message.value, parseOptions)
        if ('reading' in parsed) {
          const { reading } = parsed
          readings.push({ sensorId: reading.sensorId, machineId: reading.machineId, ts: reading.ts, temperatureC: reading.temperatureC, partition: incoming.partition, offset: message.offset })
          options.onReading?.(reading)
        } else {
          rejects.push({ partition: incoming.partition, offset: message.offset, payload: message.value?.toString('utf8') ?? '', reason: parsed.reject, receivedAt: Date.now() })
          if (dlq !== undefined) letters.push({ message, partition: incoming.partition, reason: parsed.reject })
        }
        lastOffset = message.offset
      }
      const nextOffset = lastOffset === undefined ? undefined : (BigInt(lastOffset) + 1n).toString()
      // Dead letters go out before their batch can be committed: a crash re-delivers, never loses.
      if (dlq !== undefined && options.dlqTopic !== undefined && letters.length > 0) {
        await sendDeadLetters(dlq, options.dlqTopic, topic, letters)
        stats.deadLetters += letters.length
      }
      if (isStale()) return
      const pending = committer.batch
      for (const reading of readings) {
        pending.readings.push(reading)
        committer.observe(reading.ts)
      }
      for (const reject of rejects) pending.rejects.push(reject)
      if (nextOffset !== undefined) pending.nextOffsets.set(incoming.partition, nextOffset)
      stats.readings += readings.length
      stats.rejects += rejects.length
      await heartbeat()
      if (committer.batch.size >= (options.maxBatch ?? 50_000) || Date.now() - lastCommit >= (options.commitMs ?? 5_000)) {
        // Reading goes on while one commit runs (DuckDB writes on its own threads); it waits
        // only when a second full batch would queue behind it, which bounds memory to two.
        const committed = flush()
        if (committer.inFlight > 1) await committed
        else committed.catch((error: Error) => (backgroundFailure ??= error))
      }
    },
  })
  const timer = setInterval(() => void flush().catch((error: Error) => options.logger.error({ err: error }, `sensor commit failed: ${error.message}`)), options.commitMs ?? 5_000)

  // Per partition of the topic, whoever owns it: this instance's catalog offset, or the group's
  // committed one where another member is further (Kafka's offsets follow each catalog commit).
  const lag = async (): Promise<Map<number, number>> => {
    const [high, group] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: options.group, topics: [topic] })])
    const committed = new Map((group[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
    return new Map(
      high.map((p) => {
        const done = [BigInt(p.low), BigInt(resumeFrom.get(p.partition) ?? -1), committed.get(p.partition) ?? -1n].reduce((a, b) => (b > a ? b : a))
        return [p.partition, Number(BigInt(p.high) - done)]
      }),
    )
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
      await dlq?.disconnect()
      await admin.disconnect()
      committer.close()
    },
  }
}

/**
 * Subscribing to a topic that does not exist fails in kafkajs even where the broker would
 * auto-create it; create it (broker defaults) and say so, or fail naming the topic.
 */
async function ensureTopic(admin: Admin, topic: string, logger: JobLogger): Promise<void> {
  try {
    const topics = await admin.listTopics()
    if (topics.includes(topic)) return
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true })
    logger.warn({ topic }, `Kafka topic ${topic} did not exist and was created with the broker's defaults`)
  } catch (error) {
    throw new Error(`cannot use Kafka topic ${topic}: ${(error as Error).message}`, { cause: error })
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
