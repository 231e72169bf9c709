/**
 * Shares live windows between the instances of one consumer group through a compacted topic:
 * each instance produces what its own readings changed (live snapshots and closed windows, see
 * ./window-message.ts) and tails the topic into its hub, skipping its own messages — its local
 * subscribers already got those straight from the hub, without the round trip through Kafka.
 *
 * The tail is a consumer group of its own per instance (kafkajs has no group-less consumer),
 * starting at the end of the topic and committing nothing: live state is current or useless.
 * Produces never queue up: while one send is in flight, newer snapshots replace older ones of
 * the same sensor, and closed windows wait for the next send.
 */
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs'
import type { JobLogger } from '../job-logger.ts'
import { kafkaClientConfig, type KafkaConnection } from './kafka-client.ts'
import type { LiveHub, LiveSensor } from './live-hub.ts'
import { decodeWindowMessage, encodeWindowMessage } from './window-message.ts'
import type { WindowAggregate } from './windows.ts'

export interface WindowFeedOptions extends KafkaConnection {
  topic: string
  /** The sensor consumer group; the tail's own group is derived from it. */
  group: string
  hub: LiveHub
  logger: JobLogger
  /** Identifies this instance in the origin header; random by default. */
  instanceId?: string
}

export interface WindowFeedStats {
  published: number
  received: number
  /** Messages of the topic that were not valid window messages (logged, then skipped). */
  invalid: number
}

export interface WindowFeed {
  instanceId: string
  stats: WindowFeedStats
  stop(): Promise<void>
}

export async function startWindowFeed(options: WindowFeedOptions): Promise<WindowFeed> {
  const instanceId = options.instanceId ?? randomUUID()
  const kafka = new Kafka(kafkaClientConfig(`plant-cockpit-windows-${instanceId}`, options, { logLevel: logLevel.ERROR }))
  const stats: WindowFeedStats = { published: 0, received: 0, invalid: 0 }
  const admin = kafka.admin()
  await admin.connect()
  try {
    await ensureCompactedTopic(admin, options.topic, options.logger)
  } finally {
    await admin.disconnect()
  }

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  const pendingSensors = new Map<string, LiveSensor>()
  let pendingWindows: WindowAggregate[] = []
  let sending: Promise<void> | undefined
  const send = (): void => {
    if (sending !== undefined || (pendingSensors.size === 0 && pendingWindows.length === 0)) return
    const messages = [
      ...pendingWindows.map((window) => encodeWindowMessage({ kind: 'window', window }, instanceId)),
      ...[...pendingSensors.values()].map((sensor) => encodeWindowMessage({ kind: 'live', sensor }, instanceId)),
    ]
    pendingSensors.clear()
    pendingWindows = []
    sending = producer
      .send({ topic: options.topic, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })) })
      .then(() => void (stats.published += messages.length))
      .catch((error: Error) => options.logger.warn({ err: error, topic: options.topic }, `live windows not shared (${messages.length} messages): ${error.message}`))
      .finally(() => {
        sending = undefined
        send()
      })
  }
  options.hub.onLocalTick(({ sensors, windows }) => {
    for (const sensor of sensors) pendingSensors.set(sensor.sensorId, sensor)
    pendingWindows.push(...windows)
    send()
  })

  const consumer = kafka.consumer({ groupId: `${options.group}.windows.${instanceId}`, maxWaitTimeInMs: 100 })
  await consumer.connect()
  await consumer.subscribe({ topic: options.topic, fromBeginning: false })
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const decoded = decodeWindowMessage(message.value, message.headers)
        if ('error' in decoded) {
          stats.invalid++
          options.logger.warn({ topic: options.topic, partition: batch.partition, offset: message.offset }, `windows topic ${options.topic}, partition ${batch.partition}, offset ${message.offset}: skipped: ${decoded.error}`)
          continue
        }
        if (decoded.origin === instanceId) continue
        stats.received++
        if (decoded.message.kind === 'live') options.hub.addRemote(decoded.message.sensor)
        else options.hub.addRemoteWindow(decoded.message.window)
      }
    },
  })

  return {
    instanceId,
    stats,
    stop: async () => {
      options.hub.onLocalTick(undefined)
      await consumer.disconnect()
      await sending
      await producer.disconnect()
    },
  }
}

/** The topic keeps the newest message per key; a topic made elsewhere is used as it is. */
async function ensureCompactedTopic(admin: Admin, topic: string, logger: JobLogger): Promise<void> {
  try {
    if ((await admin.listTopics()).includes(topic)) return
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true })
    logger.info({ topic }, `created the compacted Kafka topic ${topic} for sharing live windows`)
  } catch (error) {
    throw new Error(`cannot use Kafka topic ${topic}: ${(error as Error).message}`, { cause: error })
  }
}
