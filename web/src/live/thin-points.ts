/**
 * Fewer points for a chart than the buffer holds, without hiding a spike: the window is cut
 * into `buckets` equal spans (about one per pixel) and each keeps its lowest and highest
 * reading, in time order. An hour at two readings a second is 7,200 points; a 500-pixel chart
 * shows at most 1,000 of them, and looks the same.
 */
import type { Point } from './rolling-buffer.ts'

export function thinPoints(points: Point[], from: number, to: number, buckets: number): Point[] {
  if (points.length <= 2 * buckets || buckets <= 0 || to <= from) return points
  const span = (to - from) / buckets
  const out: Point[] = []
  let bucket = -1
  let low: Point | undefined
  let high: Point | undefined
  const flush = () => {
    if (low === undefined || high === undefined) return
    if (low === high) out.push(low)
    else out.push(...(low.ts < high.ts ? [low, high] : [high, low]))
  }
  for (const point of points) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((point.ts - from) / span)))
    if (b !== bucket) {
      flush()
      bucket = b
      low = high = point
    } else {
      if (point.temperatureC < low!.temperatureC) low = point
      if (point.temperatureC > high!.temperatureC) high = point
    }
  }
  flush()
  // The newest reading is what the big number shows: the line must end on it.
  const last = points.at(-1)!
  if (out.at(-1) !== last) out.push(last)
  return out
}
