/**
 * The data a backtest read, thinned for a chart: per series at most about `points` points, each
 * bucket of time keeping its lowest and highest value (in time order), so that spikes the rule
 * fired on survive the thinning (a plain every-nth sample would drop them).
 */
export type Point = [number, number]

export function thinSeries(points: readonly Point[], target = 1_000): Point[] {
  if (points.length <= target) return [...points]
  const first = points[0]![0]
  const last = points.at(-1)![0]
  const buckets = Math.max(1, Math.floor(target / 2))
  const width = (last - first) / buckets || 1
  const thinned: Point[] = []
  let index = 0
  for (let bucket = 0; bucket < buckets && index < points.length; bucket++) {
    const end = bucket === buckets - 1 ? Infinity : first + (bucket + 1) * width
    let low: Point | undefined
    let high: Point | undefined
    for (; index < points.length && points[index]![0] < end; index++) {
      const point = points[index]!
      if (low === undefined || point[1] < low[1]) low = point
      if (high === undefined || point[1] > high[1]) high = point
    }
    if (low === undefined || high === undefined) continue
    if (low === high) thinned.push(low)
    else thinned.push(...(low[0] <= high[0] ? [low, high] : [high, low]))
  }
  return thinned
}
