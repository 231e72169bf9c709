/**
 * The Numenta Anomaly Benchmark's score of a detector on one labelled series, as NAB v1.1 computes
 * it (numenta/NAB nab/sweeper.py, scaled sigmoid; normalised as in its runner): each data point
 * has a weight by its position relative to the nearest window — inside a window the earliest point
 * is worth A_TP and the window's end about 0; after a window a false positive costs up to A_FP, and
 * before any window the full A_FP. Per window only the best (earliest) detection counts, a missed
 * window costs A_FN, every detection outside the windows counts. The first 15 % of the points (at
 * most 750) are a probationary period and are not scored. Normalised: 0 = the null detector
 * (detects nothing), 100 = the perfect one (each window at its first point). Positions are counted
 * in data points, not time, as NAB does.
 */

export interface CostProfile {
  tpWeight: number
  fpWeight: number
  fnWeight: number
}

/** NAB's application profiles (config/profiles.json): A_TP = tpWeight, A_FP = −fpWeight, A_FN = −fnWeight. */
export const NAB_PROFILES = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
} as const satisfies Record<string, CostProfile>

export interface NabWindow {
  start: number
  end: number
}

export interface NabSeries {
  /** The series' timestamps in file order (epoch ms); windows must start and end on one of them. */
  timestamps: readonly number[]
  windows: readonly NabWindow[]
}

export interface WindowScore extends NabWindow {
  /** Index of the earliest scored detection inside the window, or null when missed. */
  detectedAt: number | null
  score: number
}

export interface NabScore {
  raw: number
  normalized: number
  nullScore: number
  perfectScore: number
  windows: WindowScore[]
  /** Scored detections outside every window, and what they cost together. */
  falsePositives: number
  falsePositiveScore: number
}

const PROBATION_PERCENT = 0.15

/** NAB's scaled sigmoid: 0.987 at a window's left edge (−1), 0 at its right edge, → −1 past it. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1
}

export function probationLength(points: number, percent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * points), percent * 5000)
}

interface PointWeight {
  weight: number
  /** Index into the windows; -1 outside every window. */
  window: number
}

function indexOfTime(timestamps: readonly number[], time: number): number {
  const index = timestamps.indexOf(time)
  if (index < 0) throw new RangeError(`window bound ${new Date(time).toISOString()} is not a timestamp of the series`)
  return index
}

/** The weight of a detection at each point, as NAB's sweeper assigns it. */
export function pointWeights(series: NabSeries, profile: CostProfile): PointWeight[] {
  const { timestamps } = series
  const maxTp = scaledSigmoid(-1)
  const bounds = series.windows.map((window) => ({ left: indexOfTime(timestamps, window.start), right: indexOfTime(timestamps, window.end) }))
  const weights: PointWeight[] = []
  let next = 0
  let current = -1
  let previousRight = -1
  let previousWidth = 0
  for (let i = 0; i < timestamps.length; i += 1) {
    if (next < bounds.length && timestamps[i] === series.windows[next]!.start) current = next++
    if (current >= 0) {
      const { left, right } = bounds[current]!
      const position = -(right - i + 1) / (right - left + 1)
      weights.push({ weight: (scaledSigmoid(position) * profile.tpWeight) / maxTp, window: current })
      if (timestamps[i] === series.windows[current]!.end) {
        previousRight = i
        previousWidth = right - left + 1
        current = -1
      }
      continue
    }
    const position = previousRight < 0 ? 3 : Math.abs(previousRight - i) / (previousWidth - 1)
    weights.push({ weight: scaledSigmoid(position) * profile.fpWeight, window: -1 })
  }
  return weights
}

/** Scores detections (indices into the series' points) under a cost profile. */
export function nabScore(series: NabSeries, detections: Iterable<number>, profile: CostProfile = NAB_PROFILES.standard): NabScore {
  const weights = pointWeights(series, profile)
  const probation = probationLength(series.timestamps.length)
  const scorable = new Set<number>()
  weights.forEach((point, i) => {
    if (i >= probation && point.window >= 0) scorable.add(point.window)
  })
  const windows: WindowScore[] = series.windows.map((window) => ({ ...window, detectedAt: null, score: -profile.fnWeight }))
  let falsePositives = 0
  let falsePositiveScore = 0
  for (const i of [...new Set(detections)].sort((a, b) => a - b)) {
    const point = weights[i]
    if (point === undefined || i < probation) continue
    if (point.window < 0) {
      falsePositives += 1
      falsePositiveScore += point.weight
      continue
    }
    // In order of time, so the first detection in a window is its earliest and best one.
    const window = windows[point.window]!
    if (window.detectedAt !== null) continue
    window.detectedAt = i
    window.score = Math.max(window.score, point.weight)
  }
  const counted = windows.filter((_, index) => scorable.has(index))
  const raw = counted.reduce((sum, window) => sum + window.score, 0) + falsePositiveScore
  const nullScore = -profile.fnWeight * counted.length
  const perfectScore = profile.tpWeight * counted.length
  const normalized = perfectScore === nullScore ? 0 : (100 * (raw - nullScore)) / (perfectScore - nullScore)
  return { raw, normalized, nullScore, perfectScore, windows, falsePositives, falsePositiveScore }
}

/**
 * The point each detection time falls on: the first point at that exact time (a firing started by
 * a reading), else the first point after it (a firing started by a clock tick).
 */
export function detectionIndices(timestamps: readonly number[], times: Iterable<number>): number[] {
  const first = new Map<number, number>()
  timestamps.forEach((time, i) => {
    if (!first.has(time)) first.set(time, i)
  })
  const indices: number[] = []
  for (const time of times) {
    const exact = first.get(time)
    if (exact !== undefined) indices.push(exact)
    else {
      const after = timestamps.findIndex((t) => t >= time)
      if (after >= 0) indices.push(after)
    }
  }
  return indices
}
