/**
 * The server's sensor stream: one pipeline (jobs/sensors/pipeline) fed by the source the
 * settings choose — in plant mode the Kafka consumer group (with the dead-letter topic when one
 * is set, and the windows topic that shares live windows between instances), in embedded mode
 * the NAB replay (on one instance at a time when several share one PostgreSQL app database).
 * Either way readings pass the message contract, rejects are quarantined, and
 * readings feed the live hub (SSE) and are committed to the catalog's sensors.* tables.
 */
import { join } from 'node:path'
import { CounterRate, kafkaSource, keepLease, leasedReplay, LiveHub, openKafkaDeadLetters, REPLAY_JOB, replaySource, startSensorPipeline, startWindowFeed, type DeadLetterSink, type RuleEvaluator, type SensorPipeline, type SensorSource, type WindowFeed } from '../jobs/index.ts'
import { leaseHolder } from './jobs.ts'
import { kafkaConnection } from './kafka-connection.ts'
import type { Runtime } from './runtime.ts'
import { StartupError } from './startup-error.ts'

/** The pipeline at a glance, for /api/health. */
export interface SensorPipelineSummary {
  /** Over the last minute. */
  readingsPerSecond: number
  rejectsPerSecond: number
  /** Duration of the last catalog commit; null before the first. */
  lastCommitMs: number | null
  /** Why the last catalog commit failed, while commits fail (their readings wait to be committed again); else null. */
  commitError: string | null
  /** Messages on the topic not yet committed to the catalog, all partitions; null without Kafka or when it does not answer. */
  consumerLag: number | null
  /**
   * Messages produced to the topic per second, all partitions — those other instances read too —
   * over about the last minute (Kafka's high watermarks); null without Kafka, when it does not
   * answer, or before two samples far enough apart.
   */
  topicMessagesPerSecond: number | null
  /** Partitions this instance owns in the consumer group. */
  partitions: number[]
}

export interface SensorStream {
  hub: LiveHub
  describe(): string
  summary(): Promise<SensorPipelineSummary>
  /** Prometheus text lines of the stream's counters. */
  metrics(): Promise<string[]>
  stop(): Promise<void>
}

const RATE_SAMPLE_MS = 5_000
/** /api/health and /api/metrics may be polled often; the lag costs a broker round trip. */
const LAG_CACHE_MS = 5_000
/** A topic rate over less than this says little (two health polls a moment apart). */
const MIN_TOPIC_SPAN_MS = 10_000

/** The source the settings choose, and what only Kafka has: dead letters and the windows topic. */
interface ChosenSource {
  source: SensorSource
  deadLetters?: DeadLetterSink
  describe: string
  /** Started once the pipeline runs (it feeds the hub with other instances' sensors). */
  startFeed?: (hub: LiveHub) => Promise<WindowFeed>
}

/** `rules` sees every block of the partitions this instance owns (issue 15: the alert engine). */
export async function startSensorStream(runtime: Runtime, rules?: RuleEvaluator): Promise<SensorStream> {
  const { settings, logger, catalog } = runtime
  const hub = new LiveHub({ allowedLatenessMs: settings.allowedLatenessMs })
  // The counters start at 0 here: a burst read before the first sample still counts in the rate.
  const startedAt = Date.now()
  const chosen = await chooseSource(runtime).catch((error: Error) => {
    hub.stop()
    throw error
  })
  const pipeline = await startSensorPipeline({
    source: chosen.source,
    deadLetters: chosen.deadLetters,
    catalog,
    tempDir: join(settings.dataDir, 'tmp', 'sensors'),
    logger,
    commitMs: settings.sensorCommitMs,
    allowedLatenessMs: settings.allowedLatenessMs,
    onLive: (update) => hub.addLocal(update),
    rules,
  }).catch(async (error: Error) => {
    await chosen.deadLetters?.close()
    hub.stop()
    throw chosen.startFeed === undefined ? error : new StartupError(`COCKPIT_KAFKA_TOPIC: ${error.message}`, { cause: error })
  })
  // Every instance serves all live windows: those of partitions other members own come through the windows topic.
  const feed = await chosen.startFeed?.(hub).catch(async (error: Error) => {
    await pipeline.stop()
    hub.stop()
    throw new StartupError(`COCKPIT_KAFKA_WINDOWS_TOPIC: ${error.message}`, { cause: error })
  })
  const { stats } = pipeline
  const rates = sampleRates(() => stats, startedAt)
  let lagCache: { at: number; lag: Promise<Map<number, number>> } | undefined
  const lag = (): Promise<Map<number, number>> => {
    if (lagCache === undefined || Date.now() - lagCache.at > LAG_CACHE_MS) lagCache = { at: Date.now(), lag: pipeline.lag().catch(() => new Map<number, number>()) }
    return lagCache.lag
  }
  const topicRate = producedRate(pipeline)
  return {
    hub,
    describe: () => `${chosen.describe}: ${stats.readings} readings, ${stats.rejects} rejected, ${stats.commits} commits`,
    summary: async () => {
      const perPartition = await lag()
      return {
        ...rates.summary(),
        lastCommitMs: stats.commits === 0 ? null : stats.lastCommitMs,
        commitError: stats.commitError,
        consumerLag: perPartition.size === 0 ? null : [...perPartition.values()].reduce((a, b) => a + b, 0),
        topicMessagesPerSecond: await topicRate(),
        partitions: stats.assigned,
      }
    },
    metrics: async () => [...counterLines(stats, hub.subscriberCount, rates.summary()), ...(feed === undefined ? [] : await kafkaLines(pipeline, feed, settings.kafkaTopic, await lag()))],
    stop: async () => {
      rates.stop()
      await feed?.stop()
      await pipeline.stop()
      hub.stop()
    },
  }
}

/** Kafka when COCKPIT_KAFKA_BROKERS is set; else the embedded replay. */
async function chooseSource(runtime: Runtime): Promise<ChosenSource> {
  const { settings, logger } = runtime
  if (settings.kafkaBrokers === undefined) return chooseReplay(runtime)
  const connection = kafkaConnection(settings, settings.kafkaBrokers)
  const deadLetters =
    settings.kafkaDlqTopic === undefined
      ? undefined
      : await openKafkaDeadLetters({ ...connection, topic: settings.kafkaDlqTopic, sourceTopic: settings.kafkaTopic, logger }).catch((error: Error) => {
          throw new StartupError(`COCKPIT_KAFKA_TOPIC: ${error.message}`, { cause: error })
        })
  return {
    source: kafkaSource({ ...connection, topic: settings.kafkaTopic, group: settings.kafkaGroup, logger }),
    deadLetters,
    describe: `Kafka ${settings.kafkaTopic}`,
    startFeed: (hub) => startWindowFeed({ ...connection, topic: settings.kafkaWindowsTopic, group: settings.kafkaGroup, hub, logger }),
  }
}

/**
 * The embedded replay. Instances sharing one PostgreSQL app database (and so one catalog) replay
 * on one of them at a time, under the `sensor-replay` lease; the others stand by (no live windows
 * of their own, the catalog as the holder commits it) and take over when the holder dies. One
 * instance on SQLite replays as it always has.
 */
function chooseReplay(runtime: Runtime): ChosenSource {
  const { settings, logger } = runtime
  const describe = 'replay of the NAB machine-temperature recording'
  const replay = replaySource({ logger })
  const holder = leaseHolder(settings)
  if (holder === undefined) return { source: replay, describe }
  const leased = leasedReplay(replay, (work) => keepLease(runtime.appDb, { job: REPLAY_JOB, holder, logger }, work), runtime.catalog)
  return { source: leased, describe: `${describe} (on the instance holding the ${REPLAY_JOB} lease)` }
}

/** The counters only plant mode has: dead letters, commit failures, the windows topic, lag. */
async function kafkaLines(pipeline: SensorPipeline, feed: WindowFeed, topic: string, lag: Map<number, number>): Promise<string[]> {
  return [
    '# HELP cockpit_sensor_dead_letters_total Rejected messages produced to the dead-letter topic.',
    '# TYPE cockpit_sensor_dead_letters_total counter',
    `cockpit_sensor_dead_letters_total ${pipeline.stats.deadLetters}`,
    '# HELP cockpit_sensor_commit_failures_total Catalog commits that failed (their readings are committed again with the next batch).',
    '# TYPE cockpit_sensor_commit_failures_total counter',
    `cockpit_sensor_commit_failures_total ${pipeline.stats.commitFailures}`,
    '# HELP cockpit_sensor_offset_conflicts_total Partitions found committed by another instance at commit time (what this one read of them was dropped and read again).',
    '# TYPE cockpit_sensor_offset_conflicts_total counter',
    `cockpit_sensor_offset_conflicts_total ${pipeline.stats.offsetConflicts}`,
    '# HELP cockpit_live_windows_published_total Live snapshots and closed windows this instance shared on the windows topic.',
    '# TYPE cockpit_live_windows_published_total counter',
    `cockpit_live_windows_published_total ${feed.stats.published}`,
    '# HELP cockpit_live_windows_received_total Live snapshots and closed windows received from other instances.',
    '# TYPE cockpit_live_windows_received_total counter',
    `cockpit_live_windows_received_total ${feed.stats.received}`,
    '# HELP cockpit_sensor_consumer_lag Messages on the topic not yet committed to the catalog.',
    '# TYPE cockpit_sensor_consumer_lag gauge',
    ...[...lag].map(([partition, value]) => `cockpit_sensor_consumer_lag{topic="${topic}",partition="${partition}"} ${value}`),
  ]
}

interface StreamCounters {
  readings: number
  rejects: number
  commits: number
  lastCommitMs: number
}

/** Messages produced to the topic per second, sampled when asked (at most every LAG_CACHE_MS: a broker round trip). */
function producedRate(pipeline: SensorPipeline): () => Promise<number | null> {
  const rate = new CounterRate()
  let last: { at: number; value: Promise<number | null> } | undefined
  const sample = async (): Promise<number | null> => {
    const total = await pipeline.produced().catch(() => null)
    if (total === null) return null
    rate.sample(Date.now(), total)
    return rate.spanMs() < MIN_TOPIC_SPAN_MS ? null : round(rate.perSecond())
  }
  void sample()
  return () => {
    if (last === undefined || Date.now() - last.at > LAG_CACHE_MS) last = { at: Date.now(), value: sample() }
    return last.value
  }
}

/** Readings/s and rejects/s over the last minute, from samples of the counters every few seconds. */
function sampleRates(counters: () => { readings: number; rejects: number }, startedAt: number) {
  const readings = new CounterRate()
  const rejects = new CounterRate()
  readings.sample(startedAt, 0)
  rejects.sample(startedAt, 0)
  const sample = (): void => {
    const now = Date.now()
    const { readings: r, rejects: j } = counters()
    readings.sample(now, r)
    rejects.sample(now, j)
  }
  sample()
  const timer = setInterval(sample, RATE_SAMPLE_MS)
  timer.unref()
  return {
    summary: () => {
      sample()
      return { readingsPerSecond: round(readings.perSecond()), rejectsPerSecond: round(rejects.perSecond()) }
    },
    stop: () => clearInterval(timer),
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

function counterLines(stats: StreamCounters, subscribers: number, rates: { readingsPerSecond: number; rejectsPerSecond: number }): string[] {
  return [
    '# HELP cockpit_sensor_readings_per_second Valid readings per second over the last minute.',
    '# TYPE cockpit_sensor_readings_per_second gauge',
    `cockpit_sensor_readings_per_second ${rates.readingsPerSecond}`,
    '# HELP cockpit_sensor_rejects_per_second Rejected messages per second over the last minute.',
    '# TYPE cockpit_sensor_rejects_per_second gauge',
    `cockpit_sensor_rejects_per_second ${rates.rejectsPerSecond}`,
    '# HELP cockpit_sensor_readings_total Valid sensor readings received.',
    '# TYPE cockpit_sensor_readings_total counter',
    `cockpit_sensor_readings_total ${stats.readings}`,
    '# HELP cockpit_sensor_rejects_total Sensor messages rejected into quarantine.',
    '# TYPE cockpit_sensor_rejects_total counter',
    `cockpit_sensor_rejects_total ${stats.rejects}`,
    '# HELP cockpit_sensor_commits_total Micro-batches committed to the catalog.',
    '# TYPE cockpit_sensor_commits_total counter',
    `cockpit_sensor_commits_total ${stats.commits}`,
    '# HELP cockpit_sensor_commit_seconds Duration of the last micro-batch commit.',
    '# TYPE cockpit_sensor_commit_seconds gauge',
    `cockpit_sensor_commit_seconds ${stats.lastCommitMs / 1000}`,
    '# HELP cockpit_sse_clients Connected live-stream clients.',
    '# TYPE cockpit_sse_clients gauge',
    `cockpit_sse_clients ${subscribers}`,
  ]
}
