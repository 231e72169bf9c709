/**
 * Commits the embedded replay's readings to the catalog every few seconds, through the same
 * micro-batch commit as the Kafka consumer (readings, closed windows), so the embedded cockpit's
 * sensors.* tables fill exactly as a plant's would.
 */
import type { Catalog, CommitEffects } from '../../catalog/index.ts'
import type { JobLogger } from '../job-logger.ts'
import { openBatchCommitter } from './batch-committer.ts'
import type { SensorReading } from './sensor-message.ts'

export interface ReplayWriter {
  add(reading: SensorReading): void
  /** Why the last commit failed, until one succeeds again (its readings wait for the next). */
  readonly commitError: string | null
  flush(): Promise<void>
  stop(): Promise<void>
}

export interface ReplayWriterOptions {
  catalog: Catalog
  tempDir: string
  logger: JobLogger
  commitMs?: number
  allowedLatenessMs?: number
  /** Test hooks inside each catalog commit. */
  commitEffects?: CommitEffects
}

export async function startReplayWriter(options: ReplayWriterOptions): Promise<ReplayWriter> {
  const committer = await openBatchCommitter({
    catalog: options.catalog,
    tempDir: options.tempDir,
    position: { consumer: 'replay', topic: 'nab/machine_temperature', kind: 'replay' },
    allowedLatenessMs: options.allowedLatenessMs,
    commitEffects: options.commitEffects,
  })
  let offset = 0
  const timer = setInterval(
    () => void committer.flush().catch((error: Error) => options.logger.error({ err: error }, `replay commit failed, kept to be committed with the next batch: ${error.message}`)),
    options.commitMs ?? 5_000,
  )
  timer.unref()

  return {
    add: (reading) => {
      committer.batch.addReading(reading, 0, offset++)
      committer.observe(reading.ts)
    },
    get commitError() {
      return committer.commitError
    },
    flush: () => committer.flush(),
    stop: async () => {
      clearInterval(timer)
      await committer.flush().catch((error: Error) => options.logger.error({ err: error }, `final replay commit failed: ${error.message}`))
      committer.close()
    },
  }
}
