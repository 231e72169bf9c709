/**
 * Where rule evaluation (issue 15: threshold, rate of change, deviation, stale, flatline) will
 * join the sensor path. The pipeline hands the evaluator every applied block — its readings, and
 * the live update with the windows the watermark closed — right after the live hub got it, and
 * does not wait for the catalog commit: commits come every few seconds, and an alert must be
 * raised within 2 s of the reading that completes its pending period. `committed` says what has
 * become durable, for rules over the catalog and for pipeline rules (quarantine spikes).
 * Every source passes through here, so a rule sees replayed readings exactly as Kafka ones.
 * Called on the event loop in delivery order: an evaluator must not block, and must not throw.
 * Only the partitions this instance owns pass here: with several instances in one consumer group,
 * each evaluates the series of its own partitions (`assigned`).
 */
import type { CommitBatchResult } from '../commit/index.ts'
import type { ReadingChunk, SensorIds } from '../contract/index.ts'
import type { LiveUpdate } from '../windows/index.ts'

/** One applied block of one partition. */
export interface RuleReadings {
  partition: number
  /** The block's valid readings as columns; a reading's sensor and machine are `ids.pair(readings.codes[i])`. */
  readings: ReadingChunk
  ids: SensorIds
  /** Each changed sensor's latest reading and open window, and the windows closed; absent when the pipeline runs no live windows. */
  live?: LiveUpdate
  /** Messages of the block the contract rejected (they are quarantined). */
  rejects: number
}

export interface RuleEvaluator {
  readings(block: RuleReadings): void
  committed(result: CommitBatchResult): void
  /**
   * The partitions this instance owns now (after each assignment of the consumer group), before
   * any block of them is handed over: state of series read from partitions that moved away is
   * the new owner's to evaluate. Must not reject.
   */
  assigned?(partitions: readonly number[]): Promise<void>
}

/** The default until rules exist: evaluates nothing. */
export const noRules: RuleEvaluator = {
  readings: () => undefined,
  committed: () => undefined,
}
