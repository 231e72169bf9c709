/**
 * Mean and standard deviation of a series over the last N hours, O(1) per value: the span is cut
 * into a ring of time buckets holding count, sum and sum of squares, and running totals cover the
 * closed buckets of the span. The open (newest) bucket is not part of the baseline, so the values
 * being judged never pull the baseline towards themselves. Values are offset by the first value
 * seen, which keeps the sum of squares well conditioned (temperatures near 80 with a spread of 0.5).
 */
export interface RollingBaseline {
  bucketMs: number
  buckets: number
  count: Float64Array
  sum: Float64Array
  sumSq: Float64Array
  /** Absolute index (ts / bucketMs) of the open bucket; NaN before the first value. */
  open: number
  offset: number
  totalCount: number
  totalSum: number
  totalSumSq: number
  /** When the span began to fill: the first value, or the first after a gap longer than the span. */
  startedAt: number
}

export interface BaselineStats {
  mean: number
  std: number
  count: number
  /** How much of the span the values reach back over, 0..1. */
  coverage: number
}

export function emptyBaseline(spanMs: number, buckets: number): RollingBaseline {
  // One slot more than the span: the open bucket lives beside the closed ones.
  const slots = buckets + 1
  return { bucketMs: spanMs / buckets, buckets, count: new Float64Array(slots), sum: new Float64Array(slots), sumSq: new Float64Array(slots), open: Number.NaN, offset: 0, totalCount: 0, totalSum: 0, totalSumSq: 0, startedAt: Number.NaN }
}

const slotOf = (state: RollingBaseline, index: number): number => index % (state.buckets + 1)

function closeBucket(state: RollingBaseline, index: number): void {
  const slot = slotOf(state, index)
  if (state.count[slot]! === 0) return
  state.totalCount += state.count[slot]!
  state.totalSum += state.sum[slot]!
  state.totalSumSq += state.sumSq[slot]!
}

function evictBucket(state: RollingBaseline, index: number): void {
  const slot = slotOf(state, index)
  if (state.count[slot]! === 0) return
  state.totalCount -= state.count[slot]!
  state.totalSum -= state.sum[slot]!
  state.totalSumSq -= state.sumSq[slot]!
  state.count[slot] = state.sum[slot] = state.sumSq[slot] = 0
}

/** Moves the open bucket to `index`: the old one joins the span, buckets past the span leave it. */
function openBucket(state: RollingBaseline, index: number, ts: number): void {
  if (index - state.open > state.buckets + 1) {
    // A gap longer than the span: nothing of the old span is left.
    state.count.fill(0)
    state.sum.fill(0)
    state.sumSq.fill(0)
    state.totalCount = state.totalSum = state.totalSumSq = 0
    state.open = index
    state.startedAt = ts
    return
  }
  for (let next = state.open + 1; next <= index; next += 1) {
    closeBucket(state, next - 1)
    evictBucket(state, next - state.buckets - 1)
    state.open = next
  }
}

/** Adds a value at `ts`. A value older than the open bucket (late data) joins the open bucket. */
export function addToBaseline(state: RollingBaseline, ts: number, value: number): void {
  const index = Math.floor(ts / state.bucketMs)
  if (Number.isNaN(state.open)) {
    state.open = index
    state.offset = value
    state.startedAt = ts
  } else if (index > state.open) openBucket(state, index, ts)
  const slot = slotOf(state, state.open)
  const shifted = value - state.offset
  state.count[slot]! += 1
  state.sum[slot]! += shifted
  state.sumSq[slot]! += shifted * shifted
}

/** The closed buckets of the span, as of `ts` (the time of the newest value). */
export function baselineStats(state: RollingBaseline, ts: number): BaselineStats {
  const n = state.totalCount
  const coverage = Math.min(1, (ts - state.startedAt) / (state.bucketMs * state.buckets))
  if (n < 2) return { mean: Number.NaN, std: Number.NaN, count: n, coverage }
  const mean = state.totalSum / n
  // Sample variance; clamped because subtraction can leave a tiny negative.
  const variance = Math.max(0, (state.totalSumSq - n * mean * mean) / (n - 1))
  return { mean: mean + state.offset, std: Math.sqrt(variance), count: n, coverage }
}
