/**
 * Tumbling event-time windows per sensor, pure: readings go in, running aggregates of the open
 * windows and the windows a watermark closes come out. The watermark is the largest event time
 * seen minus the allowed lateness; a reading for a window already closed is counted late (it is
 * still stored, and its window is corrected in the catalog at the next compaction). A repeated
 * (sensor, ts) is counted once.
 */
import type { SensorReading } from '../contract/index.ts'

export interface WindowAggregate {
  sensorId: string
  machineId: string | null
  /** Epoch ms, inclusive. */
  windowStart: number
  /** Epoch ms, exclusive. */
  windowEnd: number
  n: number
  minC: number
  maxC: number
  avgC: number
  /** Sample standard deviation; null for a single reading. */
  stddevC: number | null
  /** Temperature of the earliest and latest reading by event time. */
  firstC: number
  lastC: number
}

export interface WindowingOptions {
  windowMs?: number
  allowedLatenessMs?: number
}

export type AddOutcome = 'added' | 'duplicate' | 'late'

export interface OpenWindow {
  sensorId: string
  machineId: string | null
  start: number
  /** Event times counted, in arrival order; searched only for a reading between firstTs and lastTs (rare). */
  times: number[]
  n: number
  mean: number
  /** Welford's running sum of squared deviations. */
  m2: number
  min: number
  max: number
  firstTs: number
  firstC: number
  lastTs: number
  lastC: number
}

/**
 * A sensor's open windows (one or two: the current and, within the allowed lateness, the last):
 * a handle a caller with its own sensor index keeps, to add readings without a lookup by id.
 */
export interface SensorWindows {
  readonly sensorId: string
  readonly windows: OpenWindow[]
}

export class Windowing {
  readonly windowMs: number
  readonly allowedLatenessMs: number
  /** Per sensor ever seen (kept when its windows have all closed, so handles stay valid): no key string built per reading. */
  private readonly open = new Map<string, SensorWindows>()
  private maxEventTime = Number.NEGATIVE_INFINITY
  lateCount = 0

  constructor(options: WindowingOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000
    this.allowedLatenessMs = options.allowedLatenessMs ?? 30_000
  }

  /** Event time up to which every window is complete. */
  get watermark(): number {
    return this.maxEventTime - this.allowedLatenessMs
  }

  windowStartOf(ts: number): number {
    return Math.floor(ts / this.windowMs) * this.windowMs
  }

  /** The handle of a sensor's open windows (made on first use). */
  sensor(sensorId: string): SensorWindows {
    let sensor = this.open.get(sensorId)
    if (sensor === undefined) {
      sensor = { sensorId, windows: [] }
      this.open.set(sensorId, sensor)
    }
    return sensor
  }

  add(reading: SensorReading): AddOutcome {
    return this.addTo(this.sensor(reading.sensorId), reading)
  }

  /** As `add`, for a reading of the sensor whose handle (`sensor`) the caller holds. */
  addTo(sensor: SensorWindows, reading: SensorReading): AddOutcome {
    const start = this.windowStartOf(reading.ts)
    if (start + this.windowMs <= this.watermark) {
      this.lateCount++
      return 'late'
    }
    const windows = sensor.windows
    let window: OpenWindow | undefined
    for (let i = 0; i < windows.length; i++) {
      if (windows[i]!.start === start) {
        window = windows[i]
        break
      }
    }
    if (window === undefined) {
      window = {
        sensorId: reading.sensorId,
        machineId: reading.machineId,
        start,
        times: [],
        n: 0,
        mean: 0,
        m2: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        firstTs: Number.POSITIVE_INFINITY,
        firstC: Number.NaN,
        lastTs: Number.NEGATIVE_INFINITY,
        lastC: Number.NaN,
      }
      windows.push(window)
    }
    if (seen(window, reading.ts)) return 'duplicate'
    window.times.push(reading.ts)
    accumulate(window, reading)
    this.maxEventTime = Math.max(this.maxEventTime, reading.ts)
    return 'added'
  }

  /** Removes and returns the windows the watermark has passed, oldest first. */
  closeWindows(): WindowAggregate[] {
    const closed: WindowAggregate[] = []
    for (const { windows } of this.open.values()) {
      let kept = 0
      for (const window of windows) {
        if (window.start + this.windowMs > this.watermark) windows[kept++] = window
        else closed.push(this.aggregate(window))
      }
      windows.length = kept
    }
    return closed.sort((a, b) => a.windowStart - b.windowStart || (a.sensorId < b.sensorId ? -1 : 1))
  }

  /** Running aggregates of every open window, oldest first. */
  openWindows(): WindowAggregate[] {
    return [...this.open.values()].flatMap((sensor) => sensor.windows).map((window) => this.aggregate(window)).sort((a, b) => a.windowStart - b.windowStart || (a.sensorId < b.sensorId ? -1 : 1))
  }

  /** Running aggregates of a sensor's newest open window, if it has one. */
  openWindowOf(sensorId: string): WindowAggregate | undefined {
    let newest: OpenWindow | undefined
    for (const window of this.open.get(sensorId)?.windows ?? []) if (newest === undefined || window.start > newest.start) newest = window
    return newest === undefined ? undefined : this.aggregate(newest)
  }

  private aggregate(window: OpenWindow): WindowAggregate {
    return {
      sensorId: window.sensorId,
      machineId: window.machineId,
      windowStart: window.start,
      windowEnd: window.start + this.windowMs,
      n: window.n,
      minC: window.min,
      maxC: window.max,
      avgC: window.mean,
      stddevC: window.n < 2 ? null : Math.sqrt(window.m2 / (window.n - 1)),
      firstC: window.firstC,
      lastC: window.lastC,
    }
  }
}

/** Whether the window counted this event time already; readings mostly arrive in time order. */
function seen(window: OpenWindow, ts: number): boolean {
  if (window.n === 0 || ts > window.lastTs || ts < window.firstTs) return false
  return ts === window.lastTs || ts === window.firstTs || window.times.includes(ts)
}

function accumulate(window: OpenWindow, reading: SensorReading): void {
  const t = reading.temperatureC
  window.n++
  const delta = t - window.mean
  window.mean += delta / window.n
  window.m2 += delta * (t - window.mean)
  window.min = Math.min(window.min, t)
  window.max = Math.max(window.max, t)
  if (reading.ts < window.firstTs) {
    window.firstTs = reading.ts
    window.firstC = t
  }
  if (reading.ts > window.lastTs) {
    window.lastTs = reading.ts
    window.lastC = t
  }
  if (window.machineId === null) window.machineId = reading.machineId
}
