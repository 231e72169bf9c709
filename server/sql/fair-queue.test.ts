import { describe, expect, it } from 'vitest'
import { FairQueue } from './fair-queue.ts'

const limits = { perUser: 2, maxQueuedPerUser: 8, maxQueued: 32 }

/** Takes items until none may start: what free workers would be given, in order. */
function takeAll<T>(queue: FairQueue<T>, workers = Number.POSITIVE_INFINITY): string[] {
  const taken: string[] = []
  for (let free = workers; free > 0; free--) {
    const next = queue.take()
    if (next === undefined) break
    taken.push(`${next.user}:${String(next.item)}`)
  }
  return taken
}

describe('FairQueue', () => {
  it("gives another user's query the next free worker ahead of a flooding user's backlog", () => {
    const queue = new FairQueue<string>(limits)
    for (let i = 1; i <= 6; i++) queue.offer('a', `a${i}`)
    // Three workers: a's first two queries take two of them.
    expect(takeAll(queue, 2)).toEqual(['a:a1', 'a:a2'])
    queue.offer('b', 'b1')
    // The third goes to b, although a asked long before.
    expect(takeAll(queue, 1)).toEqual(['b:b1'])
    expect(queue.size).toEqual({ queued: 4, running: 3, users: 2 })
  })

  it('holds a user at their limit even with workers free, and lets them go on as their queries end', () => {
    const queue = new FairQueue<string>(limits)
    for (let i = 1; i <= 4; i++) queue.offer('a', `a${i}`)
    expect(takeAll(queue)).toEqual(['a:a1', 'a:a2'])
    expect(queue.take()).toBeUndefined()
    queue.finished('a')
    expect(takeAll(queue)).toEqual(['a:a3'])
    expect([queue.runningOf('a'), queue.queuedOf('a')]).toEqual([2, 1])
  })

  it('takes turns between users with queued work, oldest query first within a user', () => {
    const queue = new FairQueue<string>({ ...limits, perUser: 10 })
    for (const item of ['a1', 'a2', 'a3']) queue.offer('a', item)
    for (const item of ['b1', 'b2']) queue.offer('b', item)
    queue.offer('c', 'c1')
    expect(takeAll(queue)).toEqual(['a:a1', 'b:b1', 'c:c1', 'a:a2', 'b:b2', 'a:a3'])
  })

  it('sends a user who was just served to the back of the turn', () => {
    const queue = new FairQueue<string>({ ...limits, perUser: 10 })
    for (const item of ['a1', 'a2']) queue.offer('a', item)
    expect(takeAll(queue, 1)).toEqual(['a:a1'])
    queue.offer('b', 'b1')
    expect(takeAll(queue, 1)).toEqual(['a:a2'])
    queue.offer('a', 'a3')
    // b waited longer in turn than a, whose a3 came after b1.
    expect(takeAll(queue)).toEqual(['b:b1', 'a:a3'])
  })

  it("refuses a user whose own queue is full, while others may still queue", () => {
    const queue = new FairQueue<number>({ perUser: 1, maxQueuedPerUser: 2, maxQueued: 3 })
    expect([queue.offer('a', 1), queue.offer('a', 2), queue.offer('a', 3)]).toEqual([undefined, undefined, 'user-queue-full'])
    expect(queue.offer('b', 1)).toBeUndefined()
    // Three waiting in all: the overall bound now refuses a newcomer too.
    expect(queue.offer('c', 1)).toBe('queue-full')
    expect(takeAll(queue)).toEqual(['a:1', 'b:1'])
    expect(queue.offer('c', 1)).toBeUndefined()
  })

  it('withdraws a query that has not started (its client went away), and only such a one', () => {
    const queue = new FairQueue<string>({ ...limits, perUser: 1 })
    for (const item of ['a1', 'a2', 'a3']) queue.offer('a', item)
    queue.offer('b', 'b1')
    expect(takeAll(queue)).toEqual(['a:a1', 'b:b1'])
    expect(queue.withdraw('a', 'a1')).toBe(false)
    expect(queue.withdraw('a', 'a2')).toBe(true)
    expect(queue.withdraw('a', 'a2')).toBe(false)
    expect(queue.size).toEqual({ queued: 1, running: 2, users: 2 })
    queue.finished('a')
    expect(takeAll(queue)).toEqual(['a:a3'])
  })

  it('drains every queue at once, leaving the running counts to their queries', () => {
    const queue = new FairQueue<string>(limits)
    for (const item of ['a1', 'a2', 'a3']) queue.offer('a', item)
    queue.offer('b', 'b1')
    takeAll(queue, 1)
    expect(queue.drain().sort()).toEqual(['a2', 'a3', 'b1'])
    expect(queue.size).toEqual({ queued: 0, running: 1, users: 1 })
    expect(queue.take()).toBeUndefined()
  })
})
