/**
 * Fills micro-batches of the sensor stream and commits them one at a time, in order — for the one
 * pipeline, whatever the source (../pipeline/sensor-pipeline.ts). It owns the DuckDB session the commits write
 * with and the window clock: the watermark is the largest event time seen minus the lateness.
 *
 * A commit that fails (disk full, the app database locked) loses nothing and stops nothing: its
 * batch is kept and goes, merged ahead of what was read since, into the next flush — unless the
 * catalog's offsets show the failed commit had landed after all, since they are the truth.
 */
import { committedOffsets, ensureTable, type Catalog, type CommitEffects } from '../../../catalog/index.ts'
import { openDuckDbSession } from '../../duckdb-session.ts'
import { commitSensorBatch, SensorBatch, type CommitBatchResult, type StreamPosition, type WindowClock } from './sensor-batch.ts'
import { ReadingsFileRanges } from './readings-file-ranges.ts'
import { SensorIds } from '../contract/index.ts'
import { SENSOR_TABLES } from './tables.ts'

export interface BatchCommitterOptions {
  catalog: Catalog
  tempDir: string
  position: StreamPosition
  allowedLatenessMs?: number
  /** Test hooks inside each catalog commit. */
  commitEffects?: CommitEffects
  /** Codes of the batches' readings (the pipeline's parser assigns them); default: the committer's own. */
  ids?: SensorIds
  /** Runs inside the commit order, after each commit (e.g. Kafka's own offsets, stats). */
  onCommitted?: (batch: SensorBatch, result: CommitBatchResult, ms: number) => Promise<void> | void
}

export interface BatchCommitter {
  /** The batch being filled. */
  readonly batch: SensorBatch
  /** Counts an event time towards the watermark. */
  observe(ts: number): void
  /** Commits what is pending (and a batch whose commit failed before), after any commit already under way. */
  flush(): Promise<void>
  /** Forgets what was read from any other partition, pending or failed (after a rebalance took it away). */
  keepPartitions(partitions: ReadonlySet<number>): void
  /** Messages waiting for a commit: the batch being filled and one whose commit failed. */
  readonly pendingSize: number
  /** When and why the last flush failed, until one succeeds again; null otherwise. */
  readonly commitError: string | null
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
  /** A batch whose commit failed; it goes ahead of `batch` in the next one. */
  let failed: SensorBatch | undefined
  let maxEventTime = 0
  /** The commit order; it never rejects, so a failed commit does not stop the ones after it. */
  let tail: Promise<void> = Promise.resolve()
  let inFlight = 0
  let commitError: string | null = null

  /** Whether the catalog holds a batch's offsets: its commit landed, whatever was thrown after. */
  const landed = async (earlier: SensorBatch): Promise<boolean> => {
    if (earlier.nextOffsets.size === 0) return false
    const stored = await committedOffsets(options.catalog, options.position.consumer, options.position.topic)
    return [...earlier.nextOffsets].every(([partition, next]) => BigInt(stored.get(partition) ?? -1) >= BigInt(next))
  }

  const commitPending = async (): Promise<void> => {
    if (failed !== undefined && (await landed(failed))) failed = undefined
    const pending = failed === undefined ? batch : SensorBatch.merge(failed, batch)
    if (pending.size === 0 && pending.nextOffsets.size === 0) return
    failed = undefined
    batch = new SensorBatch(ids)
    const started = Date.now()
    clock.watermark = maxEventTime - lateness
    const result = await commitSensorBatch(options.catalog, session.connection, options.position, pending, clock, options.commitEffects).catch((error: unknown) => {
      failed = pending
      throw error
    })
    await options.onCommitted?.(pending, result, Date.now() - started)
  }

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
    get pendingSize() {
      return batch.size + (failed?.size ?? 0)
    },
    get commitError() {
      return commitError
    },
    flush: () => {
      inFlight++
      const run = tail.then(commitPending)
      // Registered first, so a caller's own handlers already see the outcome.
      tail = run.then(
        () => void (commitError = null),
        (error: Error) => void (commitError = `${new Date().toISOString()}: ${error.message}`),
      )
      // Callers see the failure through their own promise; this one only keeps the count.
      run.finally(() => inFlight--).catch(() => undefined)
      return run
    },
    keepPartitions: (partitions) => {
      batch.keepPartitions(partitions)
      failed?.keepPartitions(partitions)
    },
    close: () => session.close(),
  }
}
