/**
 * Per partition, how far the pipeline has read: the next offset it wants (every message below is
 * in the parser, the pending micro-batch, a commit under way or the catalog), the next offset
 * the catalog holds, and an epoch that is bumped when the blocks of a partition still in flight
 * must be dropped (the partition moved away, or is read again after a failure). Offsets are
 * numbers in the hot path (exact below 2^53: a BigInt per message was measurable).
 */
export class PartitionCursor {
  private readonly expected = new Map<number, number>()
  private readonly epochs = new Map<number, number>()

  /** `stored`: the catalog's next offset of a partition (committed with the data), as the committer knows it. */
  constructor(private readonly stored: (partition: number) => string | undefined) {}

  /** The first offset a delivered message must have to be new (−1: any). */
  from(partition: number): number {
    const stored = this.stored(partition)
    return this.expected.get(partition) ?? (stored === undefined ? -1 : Number(stored))
  }

  /** Where reading resumes: after what the pipeline holds, else the catalog's offset. */
  resumeAt(partition: number): string | undefined {
    const next = this.expected.get(partition)
    return next === undefined ? this.stored(partition) : String(next)
  }

  committedAt(partition: number): string | undefined {
    return this.stored(partition)
  }

  epoch(partition: number): number {
    return this.epochs.get(partition) ?? 0
  }

  /** Messages up to `next` − 1 are now in the pipeline. */
  read(partition: number, next: number): void {
    this.expected.set(partition, next)
  }

  /** Read the partition again from `offset`: blocks of it still in flight are dropped. */
  rewind(partition: number, offset: number): void {
    this.bump(partition)
    this.expected.set(partition, offset)
  }

  /** Forgets every other partition (a rebalance took it away): its new owner reads it. */
  keep(partitions: ReadonlySet<number>): void {
    for (const partition of [...this.expected.keys()]) if (!partitions.has(partition)) this.forget(partition)
  }

  /** Forgets a partition: blocks of it still in flight are dropped, and reading resumes from the catalog's offset. */
  forget(partition: number): void {
    this.expected.delete(partition)
    this.bump(partition)
  }

  private bump(partition: number): void {
    this.epochs.set(partition, this.epoch(partition) + 1)
  }
}
