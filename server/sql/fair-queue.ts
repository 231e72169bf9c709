/**
 * Which waiting SQL query runs next, fairly between users (pure; the worker pool owns the
 * processes). Each user has a queue of their own and may have at most `perUser` queries
 * running; a free worker goes to the next user in turn — round-robin over the users with
 * queued work who are below their limit — so one user's backlog delays their own queries,
 * never another user's. The queues are bounded per user and overall, so a flood is refused
 * (`busy`) instead of piling up.
 */

export interface FairQueueLimits {
  /** Queries one user may have running at once. */
  perUser: number
  /** Queries one user may have waiting. */
  maxQueuedPerUser: number
  /** Queries all users together may have waiting. */
  maxQueued: number
}

/** Why a query was not admitted: its user's own queue is full, or everyone's is. */
export type Refusal = 'user-queue-full' | 'queue-full'

export class FairQueue<T> {
  /** Users with queued work, in turn order: a Map iterates in insertion order, and a user who was served is re-inserted at the back. */
  private readonly waiting = new Map<string, T[]>()
  private readonly running = new Map<string, number>()
  private queued = 0

  constructor(private readonly limits: FairQueueLimits) {}

  /** Queues an item for a user, or says why it cannot wait. */
  offer(user: string, item: T): Refusal | undefined {
    const own = this.waiting.get(user)
    if ((own?.length ?? 0) >= this.limits.maxQueuedPerUser) return 'user-queue-full'
    if (this.queued >= this.limits.maxQueued) return 'queue-full'
    if (own === undefined) this.waiting.set(user, [item])
    else own.push(item)
    this.queued++
    return undefined
  }

  /**
   * The next item to start, counted as running for its user until `finished`: the oldest item
   * of the first user in turn who is below their limit; that user then goes to the back.
   */
  take(): { user: string; item: T } | undefined {
    for (const [user, items] of this.waiting) {
      if (this.runningOf(user) >= this.limits.perUser) continue
      const item = items.shift()!
      this.queued--
      this.waiting.delete(user)
      if (items.length > 0) this.waiting.set(user, items)
      this.running.set(user, this.runningOf(user) + 1)
      return { user, item }
    }
    return undefined
  }

  /** A started item of this user ended (answered, failed or stopped). */
  finished(user: string): void {
    const count = this.runningOf(user) - 1
    if (count > 0) this.running.set(user, count)
    else this.running.delete(user)
  }

  /** Removes an item that has not started (its client gave up); false when it is not queued. */
  withdraw(user: string, item: T): boolean {
    const items = this.waiting.get(user)
    const index = items?.indexOf(item) ?? -1
    if (items === undefined || index < 0) return false
    items.splice(index, 1)
    this.queued--
    // Dropping a user with nothing left keeps the turn order of the others unchanged.
    if (items.length === 0) this.waiting.delete(user)
    return true
  }

  /** Empties every queue (the pool is closing or cannot start), handing back what waited. */
  drain(): T[] {
    const items = [...this.waiting.values()].flat()
    this.waiting.clear()
    this.queued = 0
    return items
  }

  runningOf(user: string): number {
    return this.running.get(user) ?? 0
  }

  queuedOf(user: string): number {
    return this.waiting.get(user)?.length ?? 0
  }

  get size(): { queued: number; running: number; users: number } {
    const users = new Set([...this.waiting.keys(), ...this.running.keys()])
    return { queued: this.queued, running: [...this.running.values()].reduce((sum, n) => sum + n, 0), users: users.size }
  }
}
