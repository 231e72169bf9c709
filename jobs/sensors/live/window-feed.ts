/**
 * Shares live windows between the instances of one consumer group through a compacted topic:
 * each instance produces what its own readings changed (live snapshots and closed windows, see
 * ./window-message.ts) and tails the topic into its hub, skipping its own messages — its local
 * subscribers already got those straight from the hub, without the round trip through Kafka.
 *
 * The tail is a consumer group of its own per instance (kafkajs has no group-less consumer),
 * committing nothing. It starts at the messages of the last minute (by broker timestamp), so a
 * freshly started instance knows the other instances' sensors at once, and `startWindowFeed`
 * returns only once the tail has joined — no snapshot published after the start is missed.
 * Produces never queue up: while one send is in flight, newer snapshots replace older ones of
 * the same sensor, and closed windows wait for the next send.
 */
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs'
import type { JobLogger } from '../../job-logger.ts'
import { kafkaClientConfig, type KafkaConnection } from '../source/index.ts'
import type { LiveHub, LiveSensor } from './live-hub.ts'
import { decodeWindowMessage, encodeWindowMessage } from './window-message.ts'
import type { WindowAggregate } from '../windows/index.ts'

/** How far back a starting instance reads the shared live state. */
const SEED_MS = 60_000
const JOIN_WAIT_MS = 30_000
const RETRY_MS = 1_000
const STOP_WAIT_MS = 1_000
/** Closed windows kept for a broker that is away (500 sensors: 20 minutes' worth); the oldest go first. */
const MAX_PENDING_WINDOWS = 10_000

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
  await ensureCompactedTopic(admin, options.topic, options.logger).catch(async (error: Error) => {
    await admin.disconnect()
    throw error
  })

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  const pendingSensors = new Map<string, LiveSensor>()
  let pendingWindows: WindowAggregate[] = []
  let sending: Promise<void> | undefined
  let stopping = false
  const send = (): void => {
    if (stopping || sending !== undefined || (pendingSensors.size === 0 && pendingWindows.length === 0)) return
    const sensors = [...pendingSensors.values()]
    const windows = pendingWindows
    const messages = [
      ...windows.map((window) => encodeWindowMessage({ kind: 'window', window }, instanceId)),
      ...sensors.map((sensor) => encodeWindowMessage({ kind: 'live', sensor }, instanceId)),
    ]
    pendingSensors.clear()
    pendingWindows = []
    let retryAfterMs = 0
    sending = producer
      .send({ topic: options.topic, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })) })
      .then(() => void (stats.published += messages.length))
      .catch((error: Error) => {
        // Put them back (unless a newer snapshot of the sensor is waiting) and try again shortly.
        for (const sensor of sensors) if (!pendingSensors.has(sensor.sensorId)) pendingSensors.set(sensor.sensorId, sensor)
        pendingWindows = [...windows, ...pendingWindows].slice(-MAX_PENDING_WINDOWS)
        retryAfterMs = RETRY_MS
        options.logger.warn({ err: error, topic: options.topic }, `live windows not shared yet (${messages.length} messages; retrying): ${error.message}`)
      })
      .finally(() => {
        sending = undefined
        if (retryAfterMs === 0) send()
        else retryTimer = setTimeout(send, retryAfterMs)
      })
  }
  let retryTimer: NodeJS.Timeout | undefined
  options.hub.onLocalTick(({ sensors, windows }) => {
    for (const sensor of sensors) pendingSensors.set(sensor.sensorId, sensor)
    pendingWindows.push(...windows)
    send()
  })

  const consumer = kafka.consumer({ groupId: `${options.group}.windows.${instanceId}`, maxWaitTimeInMs: 100 })
  await consumer.connect()
  await consumer.subscribe({ topic: options.topic, fromBeginning: false })
  let joined: () => void = () => undefined
  const firstJoin = new Promise<void>((resolve) => (joined = resolve))
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const partitions = event.payload.memberAssignment[options.topic] ?? []
    void seekToRecent(partitions)
      .catch((error: Error) => options.logger.warn({ err: error, topic: options.topic }, `windows topic: starting at its end, not the last minute: ${error.message}`))
      .finally(joined)
  })
  const seekToRecent = async (partitions: number[]): Promise<void> => {
    const offsets = await admin.fetchTopicOffsetsByTimestamp(options.topic, Date.now() - SEED_MS)
    for (const { partition, offset } of offsets) if (partitions.includes(partition) && Number(offset) >= 0) consumer.seek({ topic: options.topic, partition, offset })
  }
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

  // Bounded: a slow group join delays sharing, not the start.
  await Promise.race([firstJoin, new Promise((resolve) => setTimeout(resolve, JOIN_WAIT_MS).unref())])

  return {
    instanceId,
    stats,
    stop: async () => {
      stopping = true
      options.hub.onLocalTick(undefined)
      clearTimeout(retryTimer)
      // Live state is worth nothing after the stop: a client stuck retrying (a broker that was
      // away) must not hold the shutdown, so each step gets a moment and no more.
      const bounded = (step: Promise<unknown> | undefined): Promise<unknown> => Promise.race([step?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())])
      await bounded(consumer.disconnect())
      await bounded(sending)
      await bounded(producer.disconnect())
      await bounded(admin.disconnect())
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
