/**
 * The one path every sensor reading takes, whatever its source (../source/sensor-source.ts):
 *
 *   source → contract → quarantine / dead letter → windows → live hub → commit → rules
 *
 * Each delivered batch is packed (../contract/message-block.ts) and parsed against the message
 * contract — on the parser thread or inline, as the source asks — into readings and rejects;
 * the rejects go to the dead-letter sink, acknowledged before their block joins the micro-batch
 * (../quarantine/); the block's live windows (computed where it was parsed) go to the live hub;
 * the block joins the pending micro-batch, committed to the catalog with its quarantine rows,
 * closed windows and offsets (../commit/); the rule evaluator sees the block (../rules/).
 * Blocks are applied one after another, in delivery order, while the next ones are parsed.
 *
 * The catalog's offsets are the truth: the pipeline reads them at start, skips any delivered
 * message below what it holds, and when a block cannot be applied (the dead-letter topic is
 * away, the parser thread died) asks the source to read that partition again from the block's
 * first offset, dropping the blocks parsed after it.
 *
 * Partitions move between instances of one consumer group. On an assignment the pipeline drops
 * what it holds of partitions taken away (their new owner reads them from the catalog's offset),
 * takes the catalog's offsets of partitions it gains, and tells the rule evaluator which
 * partitions it owns now — before any block of the new assignment is applied. A commit carries
 * the offset each partition's reading started from and is refused if another instance stored
 * that partition since (an instance that lost a partition without noticing yet): the pipeline
 * then drops what it read of it, warns, and reads it again from the stored offset if it still
 * owns it. So nothing is stored twice and nothing is skipped.
 */
import type { Catalog, CommitEffects, StreamOffsetConflict } from '../../../catalog/index.ts'
import type { JobLogger } from '../../job-logger.ts'
import { CommitSchedule, openBatchCommitter, type BatchCommitter } from '../commit/index.ts'
import { inlineParser, packMessages, startParserThread, type BlockParser, type MessageBlock, type ParsedBlock } from '../contract/index.ts'
import type { DeadLetterSink } from '../quarantine/index.ts'
import { noRules, type RuleEvaluator } from '../rules/index.ts'
import type { SensorSource, SourceSink } from '../source/index.ts'
import type { LiveUpdate } from '../windows/index.ts'
import { PartitionCursor } from './partition-cursor.ts'

/** Delivered batches that may wait for the parser before the source waits too. */
const MAX_QUEUED_BLOCKS = 8

export interface SensorPipelineOptions {
  source: SensorSource
  catalog: Catalog
  tempDir: string
  logger: JobLogger
  /** Also send every rejected message here (default: only its quarantine row). */
  deadLetters?: DeadLetterSink
  /** Commit at most this often (default 5 s)… */
  commitMs?: number
  /** …or when this many messages are pending (default 50,000). */
  maxBatch?: number
  allowedLatenessMs?: number
  machineOf?: (sensorId: string) => string | undefined
  /**
   * The live windows of the valid readings, one update per delivered batch (feed them to
   * LiveHub.addLocal). Computed where the batch is parsed, so only what changed reaches the event loop.
   */
  onLive?: (update: LiveUpdate) => void
  /** Rule evaluation (default: none; see ../rules/rule-evaluator.ts). */
  rules?: RuleEvaluator
  /** Test hooks inside each catalog commit (a crash between writing files and registering them). */
  commitEffects?: CommitEffects
}

export interface SensorPipelineStats {
  readings: number
  rejects: number
  /** Delivered messages below what the pipeline held already (a seek not yet landed). */
  skipped: number
  commits: number
  lastCommitMs: number
  /** Catalog commits that failed; their batches are committed again with the next one. */
  commitFailures: number
  /** When and why the last commit failed, until one succeeds again (the committer's). */
  readonly commitError: string | null
  deadLetters: number
  /** Partitions the source reads now. */
  assigned: number[]
  /** Partitions found committed by another instance at commit time: what was held of them was dropped and read again. */
  offsetConflicts: number
}

export interface SensorPipeline {
  readonly source: SensorSource
  stats: SensorPipelineStats
  /** Messages not yet in a catalog, per partition; empty when the source cannot tell. */
  lag(): Promise<Map<number, number>>
  /** Messages ever produced to the topic, all partitions (whoever reads them); null when the source cannot tell. */
  produced(): Promise<number | null>
  /** Commits what is pending now. */
  flush(): Promise<void>
  stop(): Promise<void>
}

export async function startSensorPipeline(options: SensorPipelineOptions): Promise<SensorPipeline> {
  const { catalog, source, logger, deadLetters } = options
  const { position } = source
  const rules = options.rules ?? noRules
  const stats = newStats(() => committer.commitError)
  const live = options.onLive === undefined && options.rules === undefined ? undefined : { allowedLatenessMs: options.allowedLatenessMs }
  const parserOptions = { machineOf: options.machineOf, live }
  const parser: BlockParser = source.parser === 'thread' ? startParserThread(parserOptions) : inlineParser(parserOptions)
  const commitFailed = (error: Error): void => {
    stats.commitFailures++
    logger.error({ err: error, topic: position.topic }, `sensor commit failed, kept to be committed with the next batch: ${error.message}`)
  }
  // The timer and the delivery path both flush through the committer, which keeps commits in order.
  const committer: BatchCommitter = await openBatchCommitter({
    catalog,
    ids: parser.ids,
    tempDir: options.tempDir,
    position,
    allowedLatenessMs: options.allowedLatenessMs,
    commitEffects: options.commitEffects,
    onCommitted: async (batch, result, ms) => {
      stats.commits++
      stats.lastCommitMs = ms
      schedule.committed()
      await source.committed?.(batch.nextOffsets)
      rules.committed(result)
    },
    onMoved: (conflict) => partitionsMoved(conflict),
  })
  // Per partition, what is read; the catalog's offsets as the committer knows them.
  const cursor = new PartitionCursor((partition) => committer.committedAt(partition))
  const schedule = new CommitSchedule({ committer, commitMs: options.commitMs, maxBatch: options.maxBatch, onFailure: commitFailed })

  /** Parsed blocks are applied one after another, in the order they were delivered. */
  let applying: Promise<void> = Promise.resolve()
  const queued: Promise<void>[] = []
  /** A block that could not be applied: the next delivery rejects with it (Kafka then restarts the group). */
  let failure: Error | undefined
  /** The last assignment's hand-over (offsets taken, rules told); deliveries wait for it. */
  let assigning: Promise<void> = Promise.resolve()

  /** Another instance committed these partitions: the committer dropped what it held of them; read them again if still ours. */
  const partitionsMoved = (conflict: StreamOffsetConflict): void => {
    const owned = new Set(stats.assigned)
    for (const { consumer, topic, partition, expected, stored } of conflict.conflicts) {
      stats.offsetConflicts++
      const again = owned.has(partition) && stored !== null
      logger.warn(
        { consumer, topic, partition, expected, stored },
        `sensor partition ${topic}/${partition} was committed by another instance (stored ${stored ?? 'none'}, read here from ${expected ?? 'none'}): what this instance read of it and did not commit is dropped${again ? `; reading it again from ${stored}` : ''}`,
      )
      if (!again) {
        cursor.forget(partition)
        continue
      }
      cursor.rewind(partition, Number(stored))
      source.rewind(partition, Number(stored))
    }
  }

  /** Adds a parsed block to the pending micro-batch, after its rejects reached the dead-letter sink. */
  const apply = async (block: MessageBlock, parsed: ParsedBlock, epoch: number, nextOffset: number): Promise<void> => {
    const { partition } = block
    if (cursor.epoch(partition) !== epoch) return
    // Dead letters go out before their block can be committed: a crash re-delivers, never loses.
    if (deadLetters !== undefined && parsed.rejects.length > 0) {
      await deadLetters.send(parsed.rejects.map((r) => ({ partition, offset: String(r.offset), key: asBuffer(r.key), value: asBuffer(r.value), reason: r.reason })))
      stats.deadLetters += parsed.rejects.length
      if (cursor.epoch(partition) !== epoch) return
    }
    const pending = committer.batch
    pending.addChunk(parsed.readings)
    if (parsed.readings.count > 0) committer.observe(parsed.maxTs)
    for (const r of parsed.rejects) pending.rejects.push({ partition, offset: String(r.offset), payload: r.payload, reason: r.reason, receivedAt: block.now })
    pending.nextOffsets.set(partition, String(nextOffset))
    stats.readings += parsed.readings.count
    stats.rejects += parsed.rejects.length
    if (parsed.live !== undefined) options.onLive?.(parsed.live)
    rules.readings({ partition, readings: parsed.readings, ids: parser.ids, live: parsed.live, rejects: parsed.rejects.length })
    await schedule.due()
  }

  /** Read the block's partition again from its first offset; blocks parsed after it are dropped. */
  const failed = (partition: number, firstOffset: number, error: Error): void => {
    cursor.rewind(partition, firstOffset)
    failure ??= error
    source.rewind(partition, firstOffset)
  }

  const deliver: SourceSink['deliver'] = async (partition, messages) => {
    await assigning
    if (failure !== undefined) {
      const thrown = failure
      failure = undefined
      throw thrown
    }
    // One receive time per delivered batch (milliseconds apart).
    const block = packMessages(partition, messages, cursor.from(partition), Date.now())
    const count = block.offsets.length
    stats.skipped += messages.length - count
    if (count === 0) return
    const firstOffset = block.offsets[0]!
    const nextOffset = block.offsets[count - 1]! + 1
    cursor.read(partition, nextOffset)
    const epoch = cursor.epoch(partition)
    // Parsing runs (on the thread) while the source fetches the next batches; results are applied
    // in delivery order. Nothing of the source's messages is kept meanwhile: a dead letter's key
    // and value come back with the reject.
    const parsed = parser.parse(block)
    const applied = (applying = applying.then(() =>
      parsed.then((result) => apply(block, result, epoch, nextOffset)).catch((error: Error) => failed(partition, firstOffset, error)),
    ))
    queued.push(applied)
    void applied.finally(() => queued.splice(queued.indexOf(applied), 1))
    // Bounded: at most a few delivered batches wait for the parser.
    while (queued.length > MAX_QUEUED_BLOCKS) await queued[0]
  }

  const assign = (partitions: readonly number[]): Promise<void> => {
    const before = new Set(stats.assigned)
    stats.assigned = [...partitions].sort((a, b) => a - b)
    // Pending readings of a partition that moved away are the new owner's to read; committing
    // them here too would store them twice.
    const kept = new Set(partitions)
    committer.keepPartitions(kept)
    cursor.keep(kept)
    const gained = partitions.filter((partition) => !before.has(partition))
    // Never rejects: a delivery waits for it, and a source may not wait at all.
    assigning = assigning.then(() => handOver(gained, stats.assigned))
    return assigning
  }

  /** A gained partition resumes from the catalog's offset as stored now; the rules learn what this instance owns. */
  const handOver = async (gained: readonly number[], owned: readonly number[]): Promise<void> => {
    await committer.adopt(gained).catch((error: Error) => logger.warn({ err: error, topic: position.topic, partitions: gained }, `cannot read the catalog's offsets of the partitions assigned (a commit of them will be refused and read again): ${error.message}`))
    await Promise.resolve(rules.assigned?.(owned)).catch((error: Error) => logger.warn({ err: error, topic: position.topic }, `alert rules: cannot take over the partitions assigned: ${error.message}`))
  }

  // What is delivered is committed once the parser's answers for it are applied.
  const flush = async (): Promise<void> => {
    await applying
    await committer.flush()
  }

  await source.start({ deliver, assign, resumeAt: (p) => cursor.resumeAt(p), committedAt: (p) => cursor.committedAt(p) })
  schedule.start()

  return {
    source,
    stats,
    lag: async () => (await source.lag?.()) ?? new Map(),
    produced: async () => (await source.produced?.()) ?? null,
    flush,
    stop: async () => {
      schedule.stop()
      await source.stop()
      await flush().catch((error: Error) => logger.error({ err: error }, `final sensor commit failed: ${error.message}`))
      await source.close?.()
      await deadLetters?.close()
      await parser.close()
      committer.close()
    },
  }
}

function newStats(commitError: () => string | null): SensorPipelineStats {
  return {
    readings: 0,
    rejects: 0,
    skipped: 0,
    commits: 0,
    lastCommitMs: 0,
    commitFailures: 0,
    get commitError() {
      return commitError()
    },
    deadLetters: 0,
    assigned: [],
    offsetConflicts: 0,
  }
}

/** Bytes that came back from the parser, as the Buffer a Kafka client produces (no copy). */
function asBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
