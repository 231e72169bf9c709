/**
 * Commits the embedded replay's readings to the catalog every few seconds, through the same
 * micro-batch commit as the Kafka consumer (readings, closed windows), so the embedded cockpit's
 * sensors.* tables fill exactly as a plant's would.
 */
import type { Catalog } from '../../catalog/index.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import type { JobLogger } from '../job-logger.ts'
import { commitSensorBatch, SensorBatch, type WindowClock } from './sensor-batch.ts'
import type { SensorReading } from './sensor-message.ts'

export interface ReplayWriter {
  add(reading: SensorReading): void
  flush(): Promise<void>
  stop(): Promise<void>
}

export async function startReplayWriter(options: { catalog: Catalog; tempDir: string; logger: JobLogger; commitMs?: number; allowedLatenessMs?: number }): Promise<ReplayWriter> {
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: options.tempDir })
  const clock: WindowClock = { windowMs: 60_000, closedUpTo: 0, watermark: 0 }
  const lateness = options.allowedLatenessMs ?? 30_000
  let batch = new SensorBatch()
  let offset = 0n
  let maxEventTime = 0
  let chain: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    chain = chain.then(async () => {
      if (batch.size === 0) return
      const pending = batch
      batch = new SensorBatch()
      clock.watermark = maxEventTime - lateness
      await commitSensorBatch(options.catalog, session.connection, { consumer: 'replay', topic: 'nab/machine_temperature', kind: 'replay' }, pending, clock)
    })
    return chain
  }
  const timer = setInterval(() => void flush().catch((error: Error) => options.logger.error({ err: error }, `replay commit failed: ${error.message}`)), options.commitMs ?? 5_000)
  timer.unref()

  return {
    add: (reading) => {
      batch.readings.push({ ...reading, partition: 0, offset: (offset++).toString() })
      maxEventTime = Math.max(maxEventTime, reading.ts)
    },
    flush,
    stop: async () => {
      clearInterval(timer)
      await flush().catch((error: Error) => options.logger.error({ err: error }, `final replay commit failed: ${error.message}`))
      session.close()
    },
  }
}
