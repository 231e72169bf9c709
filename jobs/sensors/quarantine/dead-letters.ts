/**
 * The dead-letter port: where a rejected message goes, besides its quarantine row (which is
 * committed with its micro-batch, ../commit/sensor-batch.ts). The pipeline sends a block's
 * rejects — and waits for them to be acknowledged — before that block joins the micro-batch, so
 * a crash or a failed send makes the source read the block again: a dead letter is never lost,
 * and may appear twice. Kafka's implementation is ./kafka-dead-letters.ts; without one, the
 * quarantine table alone holds the rejects.
 */

/** A rejected message as it arrived, and why. */
export interface DeadLetter {
  partition: number
  offset: string
  key: Buffer | null
  value: Buffer | null
  reason: string
}

export interface DeadLetterSink {
  /** Resolves once every letter is stored; a rejection makes the pipeline read the block again. */
  send(letters: readonly DeadLetter[]): Promise<void>
  close(): Promise<void>
}
