/**
 * When the pending micro-batch is committed: every `commitMs` (a timer) or as soon as it holds
 * `maxBatch` messages. Reading goes on while a commit runs (DuckDB writes on its own threads). A
 * batch that comes due meanwhile keeps filling and is committed as soon as that commit ends —
 * one larger commit instead of a queue of full ones, whose wait had held up reading for two
 * commits at a time; reading waits only when the batch reaches MAX_BATCH_WHILE_COMMITTING ×
 * `maxBatch`, which bounds memory. A failed commit's batch stays with the committer
 * (./batch-committer.ts) and counts towards that bound; after a failure the timer tries again,
 * every `commitMs`, not each delivered block.
 */
import type { BatchCommitter } from './batch-committer.ts'

/** While a commit runs, the next micro-batch may grow to this many times `maxBatch` before reading waits for it. */
const MAX_BATCH_WHILE_COMMITTING = 4

export interface CommitScheduleOptions {
  committer: BatchCommitter
  /** Commit at most this often (default 5 s)… */
  commitMs?: number
  /** …or when this many messages are pending (default 50,000). */
  maxBatch?: number
  /** A commit failed (its batch is kept for the next). */
  onFailure: (error: Error) => void
}

export class CommitSchedule {
  private readonly committer: BatchCommitter
  private readonly commitMs: number
  private readonly maxBatch: number
  private readonly onFailure: (error: Error) => void
  private lastCommit = Date.now()
  private timer: NodeJS.Timeout | undefined

  constructor(options: CommitScheduleOptions) {
    this.committer = options.committer
    this.commitMs = options.commitMs ?? 5_000
    this.maxBatch = options.maxBatch ?? 50_000
    this.onFailure = options.onFailure
  }

  /** Starts the timer; the source's connections, not it, keep the process alive. */
  start(): void {
    this.timer = setInterval(() => void this.committer.flush().catch(this.onFailure), this.commitMs)
    this.timer.unref()
  }

  /** A commit succeeded (the clock of the `commitMs` rule). */
  committed(): void {
    this.lastCommit = Date.now()
  }

  /** After each applied block: commits when due; waits only when the pending batch is at its bound. */
  async due(): Promise<void> {
    const pending = this.committer.pendingSize
    // Nothing to commit (a batch dropped because its partition moved): flushing would resolve at
    // once without a commit, and `.then(() => this.due())` would loop on the microtask queue.
    if (pending === 0) return
    if (pending < this.maxBatch && Date.now() - this.lastCommit < this.commitMs) return
    if (pending >= this.maxBatch * MAX_BATCH_WHILE_COMMITTING) {
      // Reading waits for the commit; while commits fail it waits and tries again, so memory stays bounded.
      await this.committer.flush().catch(async (error: Error) => {
        this.onFailure(error)
        await new Promise((resolve) => setTimeout(resolve, this.commitMs))
      })
      return
    }
    if (this.committer.inFlight > 0 || this.committer.commitError !== null) return
    this.committer
      .flush()
      .then(() => this.due())
      .catch(this.onFailure)
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
