/**
 * Fills micro-batches of the sensor stream and commits them one at a time, in order — for the one
 * pipeline, whatever the source (../pipeline/sensor-pipeline.ts). It owns the DuckDB session the commits write
 * with and the window clock: the watermark is the largest event time seen minus the lateness.
 *
 * A commit that fails (disk full, the app database locked) loses nothing and stops nothing: its
 * batch is kept and goes, merged ahead of what was read since, into the next flush — unless the
 * catalog's offsets show the failed commit had landed after all, since they are the truth.
 *
 * Every commit is a compare-and-set on the stream offsets (../../../catalog/stream-offsets.ts):
 * the committer knows, per partition, the stored offset its reading resumed from (read at open,
 * advanced by its own commits, taken afresh for a partition newly assigned) and the commit is
 * refused if another instance stored that partition since. Then what it holds of those
 * partitions is dropped — committing it would store those messages twice — and `onMoved` tells
 * the reader to read them again from the stored offset; the rest of the batch is committed.
 */
import { committedOffsets, ensureTable, StreamOffsetConflict, type Catalog, type CommitEffects } from '../../../catalog/index.ts'
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
  /** A commit was refused: another reader stored these partitions since; what was held of them is dropped (read them again from `stored`). */
  onMoved?: (conflict: StreamOffsetConflict) => void
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
  /** The stored next offset the reading of a partition resumes from, as this committer knows it; undefined: none. */
  committedAt(partition: number): string | undefined
  /**
   * Partitions newly assigned, of which nothing is held: their next commits start from the
   * catalog's offsets as stored now (another instance may have committed them since). In commit order.
   */
  adopt(partitions: readonly number[]): Promise<void>
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
  /** Per partition, the stored offset the next commit must find (../../../catalog/stream-offsets.ts). */
  const stored = await committedOffsets(options.catalog, options.position.consumer, options.position.topic)

  /** Whether the catalog holds a batch's offsets: its commit landed, whatever was thrown after. */
  const landed = async (earlier: SensorBatch): Promise<boolean> => {
    if (earlier.nextOffsets.size === 0) return false
    const now = await committedOffsets(options.catalog, options.position.consumer, options.position.topic)
    return [...earlier.nextOffsets].every(([partition, next]) => BigInt(now.get(partition) ?? -1) >= BigInt(next))
  }

  const advance = (committed: SensorBatch): void => {
    for (const [partition, next] of committed.nextOffsets) stored.set(partition, next)
  }

  const commitPending = async (): Promise<void> => {
    if (failed !== undefined && (await landed(failed))) {
      advance(failed)
      failed = undefined
    }
    const pending = failed === undefined ? batch : SensorBatch.merge(failed, batch)
    if (pending.size === 0 && pending.nextOffsets.size === 0) return
    failed = undefined
    batch = new SensorBatch(ids)
    for (const partition of pending.nextOffsets.keys()) pending.fromOffsets.set(partition, stored.get(partition) ?? null)
    const started = Date.now()
    clock.watermark = maxEventTime - lateness
    const result = await commitSensorBatch(options.catalog, session.connection, options.position, pending, clock, options.commitEffects).catch((error: unknown) => {
      failed = pending
      throw error
    })
    advance(pending)
    await options.onCommitted?.(pending, result, Date.now() - started)
  }

  /** Drops what is held of the partitions another reader stored, then commits the rest. */
  const moved = async (conflict: StreamOffsetConflict): Promise<void> => {
    const partitions = new Set(conflict.partitions)
    for (const { partition, stored: now } of conflict.conflicts) {
      if (now === null) stored.delete(partition)
      else stored.set(partition, now)
    }
    failed?.dropPartitions(partitions)
    batch.dropPartitions(partitions)
    options.onMoved?.(conflict)
    // Each conflict removes a partition from what is held, so this ends.
    await commitOrMove()
  }

  const commitOrMove = (): Promise<void> =>
    commitPending().catch((error: unknown) => {
      if (error instanceof StreamOffsetConflict) return moved(error)
      throw error
    })

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
      const run = tail.then(commitOrMove)
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
    committedAt: (partition) => stored.get(partition),
    adopt: (partitions) => {
      if (partitions.length === 0) return tail
      const run = tail.then(async () => {
        const now = await committedOffsets(options.catalog, options.position.consumer, options.position.topic)
        for (const partition of partitions) {
          const offset = now.get(partition)
          if (offset === undefined) stored.delete(partition)
          else stored.set(partition, offset)
        }
      })
      tail = run.catch(() => undefined)
      return run
    },
    close: () => session.close(),
  }
}
