/**
 * The server's sensor stream: in plant mode a Kafka consumer group, in embedded mode the NAB
 * replay; either way readings feed the live hub (SSE) and are committed to the catalog's
 * sensors.* tables.
 */
import { join } from 'node:path'
import { LiveHub, startReplay, startReplayWriter, startSensorConsumer } from '../jobs/index.ts'
import type { Runtime } from './runtime.ts'
import { StartupError } from './startup-error.ts'

export interface SensorStream {
  hub: LiveHub
  describe(): string
  /** Prometheus text lines of the stream's counters. */
  metrics(): Promise<string[]>
  stop(): Promise<void>
}

export async function startSensorStream(runtime: Runtime): Promise<SensorStream> {
  const { settings, logger, catalog } = runtime
  const hub = new LiveHub({ allowedLatenessMs: settings.allowedLatenessMs })
  const tempDir = join(settings.dataDir, 'tmp', 'sensors')
  if (settings.kafkaBrokers !== undefined) {
    const consumer = await startSensorConsumer({
      catalog,
      brokers: settings.kafkaBrokers,
      topic: settings.kafkaTopic,
      group: settings.kafkaGroup,
      tempDir,
      logger,
      commitMs: settings.sensorCommitMs,
      allowedLatenessMs: settings.allowedLatenessMs,
      onReading: (reading) => hub.add(reading),
    }).catch((error: Error) => {
      hub.stop()
      throw new StartupError(`COCKPIT_KAFKA_TOPIC: ${error.message}`, { cause: error })
    })
    return {
      hub,
      describe: () => `Kafka ${settings.kafkaTopic}: ${consumer.stats.readings} readings, ${consumer.stats.rejects} rejected, ${consumer.stats.commits} commits`,
      metrics: async () => {
        const lag = await consumer.lag().catch(() => new Map<number, number>())
        return [
          ...counterLines(consumer.stats, hub.subscriberCount),
          '# HELP cockpit_sensor_consumer_lag Messages on the topic not yet committed to the catalog.',
          '# TYPE cockpit_sensor_consumer_lag gauge',
          ...[...lag].map(([partition, value]) => `cockpit_sensor_consumer_lag{topic="${settings.kafkaTopic}",partition="${partition}"} ${value}`),
        ]
      },
      stop: async () => {
        await consumer.stop()
        hub.stop()
      },
    }
  }
  const writer = await startReplayWriter({ catalog, tempDir, logger, commitMs: settings.sensorCommitMs, allowedLatenessMs: settings.allowedLatenessMs })
  const replay = startReplay({
    onReading: (reading) => {
      hub.add(reading)
      writer.add(reading)
    },
  })
  return {
    hub,
    describe: () => `replay of the NAB machine-temperature recording: ${replay.readings} readings`,
    metrics: async () => counterLines({ readings: replay.readings, rejects: 0, commits: 0, lastCommitMs: 0 }, hub.subscriberCount),
    stop: async () => {
      replay.stop()
      await writer.stop()
      hub.stop()
    },
  }
}

function counterLines(stats: { readings: number; rejects: number; commits: number; lastCommitMs: number }, subscribers: number): string[] {
  return [
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
