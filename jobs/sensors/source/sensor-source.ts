/**
 * The port every sensor source implements — Kafka (./kafka/kafka-source.ts), the embedded NAB
 * replay (./replay/replay-source.ts), and the test source (./test-source.ts) — declared here,
 * where the one pipeline (../pipeline/sensor-pipeline.ts) uses it. A source only delivers raw
 * messages with their positions; what happens to them — the message contract, quarantine and
 * dead letters, windows, the live hub, the catalog commit, rule evaluation — is the pipeline's,
 * and the same for every source. So a replayed reading is validated, and can be quarantined,
 * exactly as a Kafka message is.
 */
import type { StreamPosition } from '../commit/index.ts'

/** One message as it arrived: its offset in its partition, key and value bytes (kafkajs's shape). */
export interface RawMessage {
  offset: string
  key?: Buffer | null
  value: Buffer | null
}

/** What the pipeline offers a source: where to read from, and where to deliver. */
export interface SourceSink {
  /**
   * Delivers messages of one partition in offset order. Those below what the pipeline already
   * holds are skipped. Resolves when the source may read on (backpressure); rejects with the
   * failure of an earlier delivery, which the pipeline has asked the source to read again
   * (`SensorSource.rewind`).
   */
  deliver(partition: number, messages: readonly RawMessage[]): Promise<void>
  /**
   * The partitions the source reads from now on; what was read of any other and not committed is
   * dropped (its new owner reads it). Resolves (never rejects) once the pipeline took the
   * catalog's offsets of the partitions gained: seek after it.
   */
  assign(partitions: readonly number[]): void | Promise<void>
  /** Where reading a partition resumes: after what the pipeline holds (read, pending or committed with the data); undefined when it holds nothing. */
  resumeAt(partition: number): string | undefined
  /** The next offset the catalog holds for a partition (committed with the data); undefined before the first commit. */
  committedAt(partition: number): string | undefined
}

export interface SensorSource {
  /** Where the catalog keeps this source's offsets, and the lineage of its files. */
  readonly position: StreamPosition
  /** Where messages are parsed: on a worker thread (a high-volume source) or on the event loop (a few a second). */
  readonly parser: 'thread' | 'inline'
  /** Starts delivering to `sink`; resolves once reading runs. */
  start(sink: SourceSink): Promise<void>
  /** A delivery failed: read the partition again from `offset`. */
  rewind(partition: number, offset: number): void
  /** Runs inside the commit order, after each catalog commit, with the offsets it stored. */
  committed?(nextOffsets: ReadonlyMap<number, string>): Promise<void>
  /** Messages ever produced to the topic, all partitions, whoever reads them, when the source can tell (Kafka's high watermarks). */
  produced?(): Promise<number>
  /** Messages not yet in a catalog, per partition, when the source can tell (Kafka). */
  lag?(): Promise<Map<number, number>>
  /** Stops delivering; the pipeline then commits what it holds. */
  stop(): Promise<void>
  /** Releases connections, after that last commit. */
  close?(): Promise<void>
}
