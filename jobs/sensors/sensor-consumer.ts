/**
 * The Kafka side of the sensor stream: a kafkajs consumer group read in batches, each message
 * validated into a reading or a reject, micro-batches committed to the catalog with the offsets
 * they consumed. The event loop keeps kafkajs, the commits and the live hub; each fetched
 * batch's values go to a parser thread (./parser-thread.ts) and come back as columns, in order. The catalog's offsets are the truth: after every (re)assignment the consumer
 * seeks to them, and a message below them is skipped, so nothing is read into the catalog
 * twice. Kafka's own offsets are committed afterwards, for lag monitoring only.
 */
import { Kafka, logLevel, Partitioners, type Admin, type Consumer } from 'kafkajs'
import { committedOffsets, type Catalog, type CommitEffects } from '../../catalog/index.ts'
import type { JobLogger } from '../job-logger.ts'
import { openBatchCommitter } from './batch-committer.ts'
import { sendDeadLetters, type DeadLetter } from './dead-letters.ts'
import { kafkaClientConfig, type KafkaSecurity } from './kafka-client.ts'
import { packMessages, type MessageBlock } from './message-block.ts'
import type { ParsedBlock } from './parse-block.ts'
import { startParserThread } from './parser-thread.ts'
import type { LiveUpdate } from './live-tracker.ts'

/** Fetched batches that may wait for the parser thread before the batch loop waits too. */
const MAX_QUEUED_BLOCKS = 8
/** While a commit runs, the next micro-batch may grow to this many times `maxBatch` before reading waits for it. */
const MAX_BATCH_WHILE_COMMITTING = 4

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
  /**
   * The live windows of the valid readings, one update per fetched batch (feed them to
   * LiveHub.addLocal). Computed on the parser thread, so only what changed reaches the event loop.
   */
  onLive?: (update: LiveUpdate) => void
  /** Test hooks inside each catalog commit (a crash between writing files and registering them). */
  commitEffects?: CommitEffects
}

export interface SensorConsumerStats {
  readings: number
  rejects: number
  skipped: number
  commits: number
  lastCommitMs: number
  /** Catalog commits that failed; their batches are committed again with the next one. */
  commitFailures: number
  /** When and why the last commit failed, until one succeeds again (the committer's). */
  readonly commitError: string | null
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
  const stats: SensorConsumerStats = {
    readings: 0,
    rejects: 0,
    skipped: 0,
    commits: 0,
    lastCommitMs: 0,
    commitFailures: 0,
    get commitError() {
      return committer.commitError
    },
    deadLetters: 0,
    assigned: [],
  }
  const commitMs = options.commitMs ?? 5_000
  let resumeFrom = await committedOffsets(catalog, position.consumer, topic)
  let lastCommit = Date.now()
  /** A parsed block that could not be applied: thrown from the next batch, so kafkajs restarts the group and reads it again. */
  let backgroundFailure: Error | undefined
  // The timer and the batch loop both flush through the committer, which keeps commits in order.
  const parser = startParserThread({ machineOf: options.machineOf, live: options.onLive === undefined ? undefined : { allowedLatenessMs: options.allowedLatenessMs } })
  const committer = await openBatchCommitter({
    catalog,
    ids: parser.ids,
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

  /**
   * Per partition, the next offset the pipeline wants: every message below it is in the parser
   * thread, in the pending micro-batch, in a commit under way or in the catalog. Messages below
   * it are skipped; a failed batch moves it back to its own first offset.
   */
  const expected = new Map<number, number>()
  /** Bumped when a partition's parsed blocks still in flight must be dropped (moved away, or rewound). */
  const epochs = new Map<number, number>()
  /** Parsed blocks are applied one after another, in the order they were fetched. */
  let applying: Promise<void> = Promise.resolve()
  const queued: Promise<void>[] = []

  // What is read is committed once the parser thread's answers for it are applied.
  const flush = async (): Promise<void> => {
    await applying
    await committer.flush()
  }

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
    const kept = new Set(assigned)
    committer.keepPartitions(kept)
    for (const partition of [...expected.keys()]) {
      if (kept.has(partition)) continue
      expected.delete(partition)
      epochs.set(partition, (epochs.get(partition) ?? 0) + 1)
    }
    void seekToCatalog(assigned).catch((error: Error) => options.logger.error({ err: error }, `sensor consumer: cannot seek to the catalog's offsets: ${error.message}`))
  })

  /**
   * Resume each partition after what this instance already holds (read, pending or committed
   * with the data), unless the group has moved past it (another instance, with its own catalog,
   * consumed it since): the later of the two. Until the seek lands, messages below it are
   * skipped in the batch loop.
   */
  const seekToCatalog = async (partitions: number[]): Promise<void> => {
    const group = await admin.fetchOffsets({ groupId: options.group, topics: [topic] })
    const committed = new Map((group[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
    for (const partition of partitions) {
      const next = expected.get(partition)
      const offset = next === undefined ? resumeFrom.get(partition) : String(next)
      if (offset !== undefined && BigInt(offset) > (committed.get(partition) ?? -1n)) consumer.seek({ topic, partition, offset })
    }
  }

  /** Adds a parsed block to the pending micro-batch, after its rejects reached the dead-letter topic. */
  const apply = async (block: Pick<MessageBlock, 'partition' | 'now'>, parsed: ParsedBlock, epoch: number, nextOffset: number): Promise<void> => {
    const partition = block.partition
    if ((epochs.get(partition) ?? 0) !== epoch) return
    // Dead letters go out before their batch can be committed: a crash re-delivers, never loses.
    if (dlq !== undefined && options.dlqTopic !== undefined && parsed.rejects.length > 0) {
      const letters: DeadLetter[] = parsed.rejects.map((r) => ({ message: { key: asBuffer(r.key), value: asBuffer(r.value), offset: String(r.offset) }, partition, reason: r.reason }))
      await sendDeadLetters(dlq, options.dlqTopic, topic, letters)
      stats.deadLetters += letters.length
      if ((epochs.get(partition) ?? 0) !== epoch) return
    }
    const pending = committer.batch
    pending.addChunk(parsed.readings)
    if (parsed.readings.count > 0) committer.observe(parsed.maxTs)
    for (const r of parsed.rejects) pending.rejects.push({ partition, offset: String(r.offset), payload: r.payload, reason: r.reason, receivedAt: block.now })
    pending.nextOffsets.set(partition, String(nextOffset))
    stats.readings += parsed.readings.count
    stats.rejects += parsed.rejects.length
    if (parsed.live !== undefined) options.onLive?.(parsed.live)
    await commitWhenDue()
  }

  /**
   * Starts a commit when the micro-batch is due (`maxBatch` messages, or `commitMs` since the
   * last commit). Reading goes on while it runs (DuckDB writes on its own threads). A batch that
   * comes due meanwhile keeps filling and is committed as soon as that commit ends — one larger
   * commit instead of a queue of full ones, whose wait had held up reading for two commits at a
   * time; reading waits only when the batch reaches MAX_BATCH_WHILE_COMMITTING × `maxBatch`,
   * which bounds memory. A failed commit's batch stays pending (./batch-committer.ts) and counts
   * towards that bound.
   */
  const commitWhenDue = async (): Promise<void> => {
    const maxBatch = options.maxBatch ?? 50_000
    const pending = committer.pendingSize
    if (pending < maxBatch && Date.now() - lastCommit < commitMs) return
    if (pending >= maxBatch * MAX_BATCH_WHILE_COMMITTING) {
      // Reading waits for the commit; while commits fail it waits and tries again, so memory stays bounded.
      await committer.flush().catch(async (error: Error) => {
        commitFailed(error)
        await new Promise((resolve) => setTimeout(resolve, commitMs))
      })
      return
    }
    // After a failure the timer tries again, every commitMs: not each fetched batch.
    if (committer.inFlight > 0 || committer.commitError !== null) return
    committer
      .flush()
      .then(() => commitWhenDue())
      .catch(commitFailed)
  }

  /** The batch stays with the committer and goes into the next commit (./batch-committer.ts). */
  const commitFailed = (error: Error): void => {
    stats.commitFailures++
    options.logger.error({ err: error, topic }, `sensor commit failed, kept to be committed with the next batch: ${error.message}`)
  }

  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch: incoming, heartbeat, isRunning, isStale }) => {
      if (backgroundFailure !== undefined) {
        const failure = backgroundFailure
        backgroundFailure = undefined
        throw failure
      }
      // A stale batch (a seek is pending) comes again from the seek's offset.
      if (!isRunning() || isStale()) return
      const partition = incoming.partition
      const resume = resumeFrom.get(partition)
      // Offsets as numbers (exact below 2^53): a BigInt per message was measurable.
      const from = expected.get(partition) ?? (resume === undefined ? -1 : Number(resume))
      // One receive time per fetched batch (milliseconds apart).
      const block = packMessages(partition, incoming.messages, from, Date.now())
      const count = block.offsets.length
      stats.skipped += incoming.messages.length - count
      if (count === 0) return
      const firstOffset = block.offsets[0]!
      const nextOffset = block.offsets[count - 1]! + 1
      expected.set(partition, nextOffset)
      const epoch = epochs.get(partition) ?? 0
      // Parsing runs on the parser thread while kafkajs fetches and decodes the next batches;
      // the results are applied in fetch order. Nothing of kafkajs's messages is kept meanwhile:
      // a dead letter's key and value come back with the reject.
      const parsed = parser.parse(block)
      const applied = (applying = applying.then(() =>
        parsed
          .then((result) => apply(block, result, epoch, nextOffset))
          .catch((error: Error) => {
            // Read the batch again from its first offset; blocks after it are dropped. The seek
            // brings a next batch even on an idle topic; that batch throws, so kafkajs restarts
            // the group with its backoff, and the join seeks here again.
            epochs.set(partition, (epochs.get(partition) ?? 0) + 1)
            expected.set(partition, firstOffset)
            backgroundFailure ??= error
            consumer.seek({ topic, partition, offset: String(firstOffset) })
          }),
      ))
      queued.push(applied)
      void applied.finally(() => queued.splice(queued.indexOf(applied), 1))
      // Bounded: at most a few fetched batches wait for the parser thread.
      while (queued.length > MAX_QUEUED_BLOCKS) await queued[0]
      await heartbeat()
    },
  })
  const timer = setInterval(() => void committer.flush().catch(commitFailed), commitMs)

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
      await parser.close()
      committer.close()
    },
  }
}

/** Bytes that came back from the parser thread, as the Buffer kafkajs produces (no copy). */
function asBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
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
