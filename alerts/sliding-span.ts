/**
 * The values of the last span of a series with their minimum and maximum, O(1) amortised per value:
 * a queue of points and two monotonic queues of indices (each index enters and leaves once). The
 * newest point at or before the span's start is kept, so `covers` can say whether the points
 * really span the whole period.
 */
export interface SlidingSpan {
  times: number[]
  values: number[]
  head: number
  maxQueue: number[]
  maxHead: number
  minQueue: number[]
  minHead: number
}

export function emptySpan(): SlidingSpan {
  return { times: [], values: [], head: 0, maxQueue: [], maxHead: 0, minQueue: [], minHead: 0 }
}

function pushMonotonic(queue: number[], head: number, values: number[], index: number, keep: (older: number, newer: number) => boolean): void {
  while (queue.length > head && !keep(values[queue[queue.length - 1]!]!, values[index]!)) queue.pop()
  queue.push(index)
}

/** Adds a value at `ts` and forgets what lies before `ts - span` (but the point just before). */
export function pushSpan(state: SlidingSpan, ts: number, value: number, span: number): void {
  const index = state.times.length
  state.times.push(ts)
  state.values.push(value)
  pushMonotonic(state.maxQueue, state.maxHead, state.values, index, (older, newer) => older > newer)
  pushMonotonic(state.minQueue, state.minHead, state.values, index, (older, newer) => older < newer)
  while (state.head < index && state.times[state.head + 1]! <= ts - span) state.head += 1
  while (state.maxQueue[state.maxHead]! < state.head) state.maxHead += 1
  while (state.minQueue[state.minHead]! < state.head) state.minHead += 1
  if (state.head >= 1024 && state.head * 2 >= state.times.length) compact(state)
}

function compact(state: SlidingSpan): void {
  const shift = state.head
  state.times = state.times.slice(shift)
  state.values = state.values.slice(shift)
  state.maxQueue = state.maxQueue.slice(state.maxHead).map((i) => i - shift)
  state.minQueue = state.minQueue.slice(state.minHead).map((i) => i - shift)
  state.head = state.maxHead = state.minHead = 0
}

/** True when the kept points reach back to `ts - span`. */
export function covers(state: SlidingSpan, ts: number, span: number): boolean {
  return state.times.length > 0 && state.times[state.head]! <= ts - span
}

export function spreadOf(state: SlidingSpan): number {
  return state.values[state.maxQueue[state.maxHead]!]! - state.values[state.minQueue[state.minHead]!]!
}

export function pointsIn(state: SlidingSpan): number {
  return state.times.length - state.head
}
