/**
 * A micro-batch of the sensor stream and its commit: readings, rejected messages and the
 * one-minute windows the watermark closed, written as Parquet and registered in one catalog
 * commit together with the next offset of each partition — so a batch is in the catalog
 * exactly once, whatever crashes. The sensor tables must exist (./batch-committer.ts makes them).
 */
import { DuckDBTimestampTZValue, type DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, filesAsOf, filesRelation, localFiles, type Catalog, type CommitEffects, type StagedFile } from '../../../catalog/index.ts'
import { dropReadings, loadReadings } from './readings-loader.ts'
import { ReadingChunkBuilder, type ReadingChunk } from '../contract/index.ts'
import type { SensorIds } from '../contract/index.ts'
import type { SensorReading } from '../contract/index.ts'
import type { ReadingsFileRanges, TsRange } from './readings-file-ranges.ts'
import { readingsTable, sensorQuarantineTable, windowsTable } from './tables.ts'

export interface BatchReject {
  partition: number
  offset: string
  payload: string
  reason: string
  receivedAt: number
}

export class SensorBatch {
  /** Readings as columns (../contract/reading-chunk.ts), one chunk per fetched batch, codes from `ids`. */
  readonly chunks: ReadingChunk[] = []
  readonly rejects: BatchReject[] = []
  /** Next offset to read, per partition, after this batch. */
  readonly nextOffsets = new Map<number, string>()
  /**
   * Per partition, the stored next offset this batch's reading started from (null: none stored);
   * set by the committer before the commit, which is refused if another reader stored the
   * partition since. A partition absent here is committed unchecked.
   */
  readonly fromOffsets = new Map<number, string | null>()
  private readingCount = 0

  constructor(readonly ids: SensorIds) {}

  get readings(): number {
    return this.readingCount
  }

  get size(): number {
    return this.readingCount + this.rejects.length
  }

  addChunk(chunk: ReadingChunk): void {
    if (chunk.count === 0) return
    this.chunks.push(chunk)
    this.readingCount += chunk.count
  }

  /** One reading at a time (the embedded replay: a few a second). */
  addReading(reading: SensorReading, partition: number, offset: number): void {
    const one = new ReadingChunkBuilder(partition, 1)
    one.add(this.ids.code(reading.sensorId, reading.machineId), reading.ts, reading.temperatureC, offset)
    this.addChunk(one.finish())
  }

  /** One batch of `earlier`'s content followed by `later`'s (a failed commit's batch, retried with what came since). */
  static merge(earlier: SensorBatch, later: SensorBatch): SensorBatch {
    const merged = new SensorBatch(later.ids)
    for (const part of [earlier, later]) {
      for (const chunk of part.chunks) merged.addChunk(chunk)
      for (const reject of part.rejects) merged.rejects.push(reject)
      for (const [partition, next] of part.nextOffsets) merged.nextOffsets.set(partition, next)
    }
    return merged
  }

  /** Forgets what was read from any other partition (after a rebalance took it away). */
  keepPartitions(partitions: ReadonlySet<number>): void {
    this.retain((partition) => partitions.has(partition))
  }

  /** Forgets what was read from these partitions (another reader committed them: ../../../catalog/stream-offset-conflict.ts). */
  dropPartitions(partitions: ReadonlySet<number>): void {
    this.retain((partition) => !partitions.has(partition))
  }

  private retain(keep: (partition: number) => boolean): void {
    const kept = this.chunks.filter((chunk) => keep(chunk.partition))
    this.chunks.length = 0
    this.readingCount = 0
    for (const chunk of kept) this.addChunk(chunk)
    const rejects = this.rejects.filter((row) => keep(row.partition))
    this.rejects.length = 0
    for (const row of rejects) this.rejects.push(row)
    for (const partition of [...this.nextOffsets.keys()]) if (!keep(partition)) this.nextOffsets.delete(partition)
    for (const partition of [...this.fromOffsets.keys()]) if (!keep(partition)) this.fromOffsets.delete(partition)
  }
}

export interface StreamPosition {
  consumer: string
  /** The Kafka topic, or the replayed recording's name. */
  topic: string
  kind: 'kafka' | 'replay'
}

export interface WindowClock {
  windowMs: number
  /** Windows ending at or before this instant (epoch ms) are written; advanced by each commit. */
  closedUpTo: number
  /** Largest event time seen, minus the allowed lateness. */
  watermark: number
  /** The readings files committed so far, by event time: a commit's windows read only those that overlap them. */
  files: ReadingsFileRanges
}

export interface CommitBatchResult {
  snapshotId: number
  readings: number
  rejects: number
  windows: number
}

const PAYLOAD_LIMIT = 64 * 1024

export async function commitSensorBatch(
  catalog: Catalog,
  connection: DuckDBConnection,
  position: StreamPosition,
  batch: SensorBatch,
  clock: WindowClock,
  effects: CommitEffects = {},
): Promise<CommitBatchResult> {
  const batchTs = tsRange(batch)
  const add: StagedFile[] = []
  try {
    const windows = await stageBatch(connection, catalog, position, batch, batchTs, clock, add)
    const offsets = [...batch.nextOffsets].map(([partition, nextOffset]) => ({ consumer: position.consumer, topic: position.topic, partition, nextOffset, expected: batch.fromOffsets.get(partition) }))
    const summary = { readings: batch.readings, rejects: batch.rejects.length, windows }
    const result = await commit(catalog, {
      operation: 'append',
      add,
      offsets,
      lineage: add.map((file) => ({ table: file.table, sourceKind: position.kind, source: position.topic, sourceVersion: offsets.map((o) => `${o.partition}:<${o.nextOffset}`).join(' ') })),
      summary,
    }, effects)
    const readingsFile = result.files.find((file) => file.table === readingsTable.name)
    if (readingsFile !== undefined) clock.files.record(readingsFile.id, batchTs)
    clock.closedUpTo = Math.max(clock.closedUpTo, closableUpTo(clock))
    return { snapshotId: result.snapshotId, ...summary }
  } catch (error) {
    // A failed batch is staged afresh when it is committed again; files already copied into the catalog are vacuum's.
    for (const file of add) rmSync(file.localFile, { force: true })
    throw error
  }
}

/** Writes the batch's readings, rejects and the windows it closes as staged files into `add`; returns the windows' count. */
async function stageBatch(connection: DuckDBConnection, catalog: Catalog, position: StreamPosition, batch: SensorBatch, batchTs: TsRange, clock: WindowClock, add: StagedFile[]): Promise<number> {
  const id = randomUUID().replaceAll('-', '')
  try {
    await loadReadings(connection, `batch_${id}`, batch, catalog.clock().getTime())
    // In fetch order: each fetched batch's readings are in offset order already, and sorting the
    // whole micro-batch by partition and offset cost a tenth of the readings' write.
    if (batch.readings > 0) add.push(await stage(connection, catalog, readingsTable.name, `SELECT * FROM batch_${id}`))
    if (batch.rejects.length > 0) add.push(await stageRejects(connection, catalog, `rejects_${id}`, position, batch.rejects))
    const windows = await stageWindows(connection, catalog, `batch_${id}`, batchTs, clock)
    if (windows !== undefined) add.push(windows)
    return windows?.rowCount ?? 0
  } finally {
    // Also when a step failed: the batch is committed again later, under a new id.
    await dropReadings(connection, `batch_${id}`)
    await connection.run(`DROP TABLE IF EXISTS rejects_${id}`)
  }
}

/** The batch's rejected messages as a quarantine file, through temp table `name`. */
async function stageRejects(connection: DuckDBConnection, catalog: Catalog, name: string, position: StreamPosition, rows: readonly BatchReject[]): Promise<StagedFile> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (topic VARCHAR, kafka_partition INTEGER, kafka_offset BIGINT, received_at TIMESTAMPTZ, payload VARCHAR, reason VARCHAR)`)
  const rejects = await connection.createAppender(name)
  for (const r of rows) {
    rejects.appendVarchar(position.topic)
    rejects.appendInteger(r.partition)
    rejects.appendBigInt(BigInt(r.offset))
    rejects.appendTimestampTZ(tstz(r.receivedAt))
    rejects.appendVarchar(r.payload.length > PAYLOAD_LIMIT ? r.payload.slice(0, PAYLOAD_LIMIT) : r.payload)
    rejects.appendVarchar(r.reason)
    rejects.endRow()
  }
  rejects.closeSync()
  return stage(connection, catalog, sensorQuarantineTable.name, `SELECT * FROM ${name}`)
}

/** End of the last whole window the watermark has passed. */
function closableUpTo(clock: WindowClock): number {
  return Math.floor(clock.watermark / clock.windowMs) * clock.windowMs
}

/**
 * Windows computed from the readings (already committed plus this batch, each (sensor, ts)
 * once): those the watermark closed since the last commit, and any earlier window a late
 * reading of this batch falls in, which then replaces its older version.
 */
async function stageWindows(connection: DuckDBConnection, catalog: Catalog, batchTable: string, batchTs: TsRange, clock: WindowClock): Promise<StagedFile | undefined> {
  const hi = closableUpTo(clock)
  // The earliest window a late reading (one before closedUpTo) falls in is its earliest reading's.
  const late = batchTs.min < clock.closedUpTo
  const lo = late ? Math.floor(batchTs.min / clock.windowMs) * clock.windowMs : clock.closedUpTo
  if (!(hi > lo) && !late) return undefined
  const to = Math.max(hi, lo + clock.windowMs)
  const range = `ts >= ${tsLiteral(lo)} AND ts < ${tsLiteral(to)}`
  // The committed readings straight from their files, not through the catalog's views: the
  // query dedupes (sensor, ts) itself, and the view's merge-on-read window over the whole
  // table kept DuckDB from pruning by ts, so every commit read every reading ever committed;
  // and only the files whose event times can fall in the range (./readings-file-ranges.ts).
  const files = await localFiles(catalog, clock.files.overlapping(await filesAsOf(catalog, readingsTable.name), lo, to))
  const committed = files.length === 0 ? '' : `SELECT sensor_id, machine_id, ts, temperature_c FROM ${filesRelation(files)} WHERE ${range} UNION ALL `
  // The window filter sits outside the aggregate: with GROUP BY ALL, a HAVING on an expression
  // of ts would add ts itself to the grouping.
  const select = `
    WITH r AS (
      ${committed}SELECT sensor_id, machine_id, ts, temperature_c FROM ${batchTable} WHERE ${range}
    ), d AS (SELECT DISTINCT ON (sensor_id, ts) *, floor(epoch_ms(ts) / ${clock.windowMs})::BIGINT AS bucket FROM r),
    w AS (
      SELECT sensor_id, any_value(machine_id) AS machine_id,
             to_timestamp(bucket * ${clock.windowMs / 1000}) AS window_start,
             to_timestamp((bucket + 1) * ${clock.windowMs / 1000}) AS window_end,
             count(*) AS n, min(temperature_c) AS min_c, max(temperature_c) AS max_c, avg(temperature_c) AS avg_c,
             stddev_samp(temperature_c) AS stddev_c, arg_min(temperature_c, ts) AS first_c, arg_max(temperature_c, ts) AS last_c,
             now() AS computed_at
      FROM d GROUP BY sensor_id, bucket
    )
    SELECT * FROM w WHERE window_end <= ${tsLiteral(Math.max(hi, clock.closedUpTo))}`
  const file = await stage(connection, catalog, windowsTable.name, select)
  return file.rowCount === 0 ? undefined : file
}

/** The batch's earliest and latest event time (±Infinity for none); a loop, not Math.min(...spread): a batch holds tens of thousands of readings. */
function tsRange(batch: SensorBatch): TsRange {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const chunk of batch.chunks) {
    for (let i = 0; i < chunk.count; i++) {
      const ts = chunk.ts[i]!
      if (ts < min) min = ts
      if (ts > max) max = ts
    }
  }
  return { min, max }
}

/** Snappy: a micro-batch's files are many and small, and compaction rewrites them with zstd. */
async function stage(connection: DuckDBConnection, catalog: Catalog, table: string, select: string): Promise<StagedFile> {
  const localFile = join(catalog.stagingDir, `${randomUUID()}.parquet`)
  return { table, localFile, rowCount: await copyToParquet(connection, select, localFile, 'snappy') }
}

function tstz(ms: number): DuckDBTimestampTZValue {
  return new DuckDBTimestampTZValue(BigInt(ms) * 1000n)
}

function tsLiteral(ms: number): string {
  return `make_timestamptz(${ms * 1000}::BIGINT)`
}
