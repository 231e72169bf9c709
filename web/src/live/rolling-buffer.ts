/**
 * The recent readings of every sensor the Live view draws, in memory and bounded: points older
 * than the longest selectable window are dropped, and each sensor keeps at most `maxPoints`
 * (the oldest go first), so a page left open all shift does not grow. Pure: the caller passes
 * the clock, so it is tested without a browser.
 */

export interface Point {
  /** Event time, epoch ms. */
  ts: number
  temperatureC: number
}

export interface SensorSeries {
  sensorId: string
  machineId: string | null
  /** Oldest first, strictly increasing `ts`. */
  points: Point[]
}

export interface RollingBufferOptions {
  /** How far back points are kept (the longest window the view offers). */
  retainMs: number
  /** Most points kept per sensor; at a faster rate the retained span shrinks instead of memory growing. */
  maxPoints: number
}

export class RollingBuffer {
  private readonly series = new Map<string, SensorSeries>()

  constructor(private readonly options: RollingBufferOptions) {}

  /**
   * Adds a sensor's reading. The stream repeats a sensor's latest reading (hello after a
   * reconnect, overflow), and a line needs time order, so a reading not newer than the last one
   * kept is ignored; returns whether it was added.
   */
  add(sensorId: string, machineId: string | null, ts: number, temperatureC: number): boolean {
    let series = this.series.get(sensorId)
    if (series === undefined) {
      series = { sensorId, machineId, points: [] }
      this.series.set(sensorId, series)
    }
    if (machineId !== null) series.machineId = machineId
    const last = series.points.at(-1)
    if (last !== undefined && ts <= last.ts) return false
    series.points.push({ ts, temperatureC })
    if (series.points.length > this.options.maxPoints) series.points.splice(0, series.points.length - this.options.maxPoints)
    return true
  }

  /**
   * Adds earlier readings of a sensor (from the catalog, when the page opens after the stream
   * has begun): only those older than what the stream already gave are taken, merged in front,
   * and the per-sensor bound still holds (the newest points win). Returns how many were taken.
   */
  addHistory(sensorId: string, machineId: string | null, points: Point[]): number {
    let series = this.series.get(sensorId)
    if (series === undefined) {
      series = { sensorId, machineId, points: [] }
      this.series.set(sensorId, series)
    }
    if (series.machineId === null) series.machineId = machineId
    const before = series.points[0]?.ts ?? Infinity
    const earlier: Point[] = []
    for (const point of [...points].sort((a, b) => a.ts - b.ts)) {
      if (point.ts < before && (earlier.length === 0 || point.ts > earlier.at(-1)!.ts)) earlier.push(point)
    }
    series.points = [...earlier, ...series.points].slice(-this.options.maxPoints)
    return earlier.length
  }

  /** Drops points older than the retention; a sensor with none left stays known (it is stale, not gone). */
  prune(now: number): void {
    const oldest = now - this.options.retainMs
    for (const series of this.series.values()) {
      const keep = firstIndexAtOrAfter(series.points, oldest)
      if (keep > 0) series.points.splice(0, keep)
    }
  }

  /** Every known sensor, ordered by machine then sensor, so cards keep their place on screen. */
  all(): SensorSeries[] {
    return [...this.series.values()].sort((a, b) => (a.machineId ?? '').localeCompare(b.machineId ?? '') || a.sensorId.localeCompare(b.sensorId))
  }

  get(sensorId: string): SensorSeries | undefined {
    return this.series.get(sensorId)
  }

  /** A sensor's points at or after `from` (a window's start), oldest first. */
  since(sensorId: string, from: number): Point[] {
    const points = this.series.get(sensorId)?.points ?? []
    return points.slice(firstIndexAtOrAfter(points, from))
  }

  /** Points held over all sensors (what the memory bound is about). */
  get size(): number {
    let total = 0
    for (const series of this.series.values()) total += series.points.length
    return total
  }
}

/** Binary search: the first point with ts >= `from` (points are in time order). */
function firstIndexAtOrAfter(points: Point[], from: number): number {
  let low = 0
  let high = points.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (points[mid]!.ts < from) low = mid + 1
    else high = mid
  }
  return low
}
