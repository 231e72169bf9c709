/**
 * A series' usual spread: an exponentially weighted geometric mean of its baseline's standard
 * deviation, sampled once per baseline bucket, with a memory of about a week. Geometric, because
 * spreads are skewed — a shutdown's hour of 20° swings must not lift the usual spread for days.
 */
export interface UsualSpread {
  logStd: number
  /** The bucket last sampled, so a series is sampled per bucket, not per value. */
  bucket: number
}

export const USUAL_SPREAD_MEMORY_MS = 7 * 86_400_000

export function emptyUsualSpread(): UsualSpread {
  return { logStd: Number.NaN, bucket: Number.NaN }
}

/** Samples `std` once per bucket (`bucket` is the open bucket's index, `bucketMs` its width). */
export function noteSpread(state: UsualSpread, bucket: number, bucketMs: number, std: number): void {
  if (bucket === state.bucket || !(std > 0)) return
  state.bucket = bucket
  if (Number.isNaN(state.logStd)) {
    state.logStd = Math.log(std)
    return
  }
  const weight = Math.min(1, bucketMs / USUAL_SPREAD_MEMORY_MS)
  state.logStd += weight * (Math.log(std) - state.logStd)
}

/** The usual spread, or 0 before the first sample. */
export function usualSpread(state: UsualSpread): number {
  return Number.isNaN(state.logStd) ? 0 : Math.exp(state.logStd)
}
