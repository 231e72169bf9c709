/**
 * A commit refused because the stream offsets it would advance are no longer where its reader
 * started: another reader (the partition's new owner after a rebalance) committed that partition
 * since. Committing anyway would store the same messages twice, so the whole commit is refused
 * and the reader must drop what it read of those partitions and, if it still owns them, read
 * them again from the stored offset.
 */

export interface OffsetConflict {
  consumer: string
  topic: string
  partition: number
  /** The next offset the reader started from; null: it expected no offset stored yet. */
  expected: string | null
  /** The next offset stored now; null: none. */
  stored: string | null
}

export class StreamOffsetConflict extends Error {
  override readonly name = 'StreamOffsetConflict'

  constructor(readonly conflicts: readonly OffsetConflict[]) {
    super(`stream offsets moved on: ${conflicts.map(describe).join('; ')} (another reader committed these partitions; the commit is refused)`)
  }

  /** The partitions that moved. */
  get partitions(): number[] {
    return this.conflicts.map((conflict) => conflict.partition)
  }
}

function describe(c: OffsetConflict): string {
  return `${c.consumer}/${c.topic}/${c.partition} expected ${c.expected ?? 'none'}, stored ${c.stored ?? 'none'}`
}
