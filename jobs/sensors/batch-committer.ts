/**
 * Fills micro-batches of the sensor stream and commits them one at a time, in order — shared by
 * the Kafka consumer and the embedded replay. It owns the DuckDB session the commits write
 * with and the window clock: the watermark is the largest event time seen minus the lateness.
 */
import { ensureTable, type Catalog, type CommitEffects } from '../../catalog/index.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import { commitSensorBatch, SensorBatch, type CommitBatchResult, type StreamPosition, type WindowClock } from './sensor-batch.ts'
import { ReadingsFileRanges } from './readings-file-ranges.ts'
import { SensorIds } from './sensor-ids.ts'
import { SENSOR_TABLES } from './tables.ts'

export interface BatchCommitterOptions {
  catalog: Catalog
  tempDir: string
  position: StreamPosition
  allowedLatenessMs?: number
  /** Test hooks inside each catalog commit. */
  commitEffects?: CommitEffects
  /** Codes of the batches' readings (the Kafka consumer's parser thread assigns them); default: the committer's own. */
  ids?: SensorIds
  /** Runs inside the commit order, after each commit (e.g. Kafka's own offsets, stats). */
  onCommitted?: (batch: SensorBatch, result: CommitBatchResult, ms: number) => Promise<void> | void
}

export interface BatchCommitter {
  /** The batch being filled. */
  readonly batch: SensorBatch
  /** Counts an event time towards the watermark. */
  observe(ts: number): void
  /** Commits what is pending, after any commit already under way. */
  flush(): Promise<void>
  /** Flushes asked for and not finished yet (running or queued). */
  readonly inFlight: number
  close(): void
}

export async function openBatchCommitter(options: BatchCommitterOptions): Promise<BatchCommitter> {
  for (const table of SENSOR_TABLES) await ensureTable(options.catalog, table)
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: options.tempDir })
  const clock: WindowClock = { windowMs: 60_000, closedUpTo: 0, watermark: 0, files: new ReadingsFileRanges() }
  const lateness = options.allowedLatenessMs ?? 30_000
  const ids = options.ids ?? new SensorIds()
  let batch = new SensorBatch(ids)
  let maxEventTime = 0
  let chain: Promise<void> = Promise.resolve()
  let inFlight = 0

  return {
    get batch() {
      return batch
    },
    observe: (ts) => {
      maxEventTime = Math.max(maxEventTime, ts)
    },
    get inFlight() {
      return inFlight
    },
    flush: () => {
      inFlight++
      chain = chain.then(async () => {
        if (batch.size === 0 && batch.nextOffsets.size === 0) return
        const pending = batch
        batch = new SensorBatch(ids)
        const started = Date.now()
        clock.watermark = maxEventTime - lateness
        const result = await commitSensorBatch(options.catalog, session.connection, options.position, pending, clock, options.commitEffects)
        await options.onCommitted?.(pending, result, Date.now() - started)
      })
      const done = chain.finally(() => inFlight--)
      // Callers see the failure through their own promise; this one only keeps the count.
      done.catch(() => undefined)
      return chain
    },
    close: () => session.close(),
  }
}
