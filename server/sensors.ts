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
  stop(): Promise<void>
}

export async function startSensorStream(runtime: Runtime): Promise<SensorStream> {
  const { settings, logger, catalog } = runtime
  const hub = new LiveHub()
  const tempDir = join(settings.dataDir, 'tmp', 'sensors')
  if (settings.kafkaBrokers !== undefined) {
    const consumer = await startSensorConsumer({
      catalog,
      brokers: settings.kafkaBrokers,
      topic: settings.kafkaTopic,
      group: settings.kafkaGroup,
      tempDir,
      logger,
      onReading: (reading) => hub.add(reading),
    }).catch((error: Error) => {
      hub.stop()
      throw new StartupError(`COCKPIT_KAFKA_TOPIC: ${error.message}`, { cause: error })
    })
    return {
      hub,
      describe: () => `Kafka ${settings.kafkaTopic}: ${consumer.stats.readings} readings, ${consumer.stats.rejects} rejected, ${consumer.stats.commits} commits`,
      stop: async () => {
        await consumer.stop()
        hub.stop()
      },
    }
  }
  const writer = await startReplayWriter({ catalog, tempDir, logger })
  const replay = startReplay({
    onReading: (reading) => {
      hub.add(reading)
      writer.add(reading)
    },
  })
  return {
    hub,
    describe: () => `replay of the NAB machine-temperature recording: ${replay.readings} readings`,
    stop: async () => {
      replay.stop()
      await writer.stop()
      hub.stop()
    },
  }
}
