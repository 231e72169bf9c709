/**
 * The plant's sensor source: a kafkajs consumer group read in batches. It owns only what is
 * Kafka's — the group's lifecycle, seeking, heartbeats, Kafka's own offsets and the lag; every
 * fetched batch goes to the pipeline as it is. The catalog's offsets are the truth: after every
 * (re)assignment the source seeks to them (the pipeline skips what is below), and Kafka's own
 * offsets are committed after each catalog commit, for lag monitoring only.
 */
import { Kafka, logLevel, type Consumer } from 'kafkajs'
import type { JobLogger } from '../../../job-logger.ts'
import type { SensorSource, SourceSink } from '../sensor-source.ts'
import { kafkaClientConfig, type KafkaConnection } from './kafka-client.ts'
import { kafkaLog } from './kafka-log.ts'
import { ensureTopic } from './kafka-topic.ts'

export interface KafkaSourceOptions extends KafkaConnection {
  topic: string
  group: string
  logger: JobLogger
}

export function kafkaSource(options: KafkaSourceOptions): SensorSource {
  const { topic, group, logger } = options
  const kafka = new Kafka(kafkaClientConfig('plant-cockpit', options, { logLevel: logLevel.WARN, logCreator: kafkaLog(logger) }))
  const consumer: Consumer = kafka.consumer({ groupId: group })
  const admin = kafka.admin()
  /** The group's committed offset per partition (another member, with its own catalog, may be further). */
  const groupOffsets = async (): Promise<Map<number, bigint>> => {
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] })
    return new Map((offsets[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
  }
  let sink: SourceSink | undefined

  /**
   * Resume each partition after what this instance already holds (read, pending or committed
   * with the data), unless the group has moved past it (another instance consumed it since):
   * the later of the two. Until the seek lands, the pipeline skips messages below it.
   */
  const seekToCatalog = async (partitions: readonly number[]): Promise<void> => {
    const committed = await groupOffsets()
    for (const partition of partitions) {
      const offset = sink?.resumeAt(partition)
      if (offset !== undefined && BigInt(offset) > (committed.get(partition) ?? -1n)) consumer.seek({ topic, partition, offset })
    }
  }

  const start = async (to: SourceSink): Promise<void> => {
    sink = to
    await admin.connect()
    await ensureTopic(admin, topic, logger)
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assigned = event.payload.memberAssignment[topic] ?? []
      // The seek reads the offsets the pipeline took for the partitions gained (another instance may have committed them).
      void Promise.resolve(to.assign(assigned))
        .then(() => seekToCatalog(assigned))
        .catch((error: Error) => logger.error({ err: error }, `sensor consumer: cannot seek to the catalog's offsets: ${error.message}`))
    })
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
        // A stale batch (a seek is pending) comes again from the seek's offset.
        if (!isRunning() || isStale()) return
        // A failed delivery throws here, so kafkajs restarts the group with its backoff and the join seeks again.
        await to.deliver(batch.partition, batch.messages)
        await heartbeat()
      },
    })
  }

  // Per partition of the topic, whoever owns it: this instance's catalog offset, or the group's
  // committed one where another member is further (Kafka's offsets follow each catalog commit).
  const lag = async (): Promise<Map<number, number>> => {
    const [high, committed] = await Promise.all([admin.fetchTopicOffsets(topic), groupOffsets()])
    return new Map(
      high.map((p) => {
        const done = [BigInt(p.low), BigInt(sink?.committedAt(p.partition) ?? -1), committed.get(p.partition) ?? -1n].reduce((a, b) => (b > a ? b : a))
        return [p.partition, Number(BigInt(p.high) - done)]
      }),
    )
  }

  // Every partition's, owned here or not: another instance's partitions still count for "the topic went silent".
  const produced = async (): Promise<number> => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)

  return {
    position: { consumer: group, topic, kind: 'kafka' },
    parser: 'thread',
    start,
    // The seek brings a next batch even on an idle topic; that batch throws the failure.
    rewind: (partition, offset) => consumer.seek({ topic, partition, offset: String(offset) }),
    // The catalog holds the truth now; Kafka's offsets are for lag monitoring only, so a broker
    // that is away must not fail the commit (nor every commit queued behind it).
    committed: async (nextOffsets) => {
      await consumer
        .commitOffsets([...nextOffsets].map(([partition, offset]) => ({ topic, partition, offset })))
        .catch((error: Error) => logger.warn({ err: error, topic }, `Kafka offsets not committed (the catalog's are): ${error.message}`))
    },
    lag,
    produced,
    stop: () => consumer.stop(),
    close: async () => {
      await consumer.disconnect()
      await admin.disconnect()
    },
  }
}
