/**
 * The live state of this instance's own Kafka readings, computed where they are parsed (the
 * consumer's parser thread) instead of on the event loop, which at 200,000 readings/s spent a
 * tenth of its time on windowing them: every reading updates its sensor's running window (the
 * same pure ./windows.ts the hub uses); per parsed block `take` gives the live hub one update
 * — each changed sensor's latest reading and current window, the windows the watermark closed,
 * and the sensors left without an open window. Pure.
 */
import type { LiveSensor } from '../live/index.ts'
import type { SensorReading } from '../contract/index.ts'
import { Windowing, type SensorWindows, type WindowAggregate } from './windows.ts'

export interface LiveUpdate {
  sensors: LiveSensor[]
  /** Closed by the watermark since the last update, oldest first. */
  windows: WindowAggregate[]
  /** Sensors whose windows all closed (the hub stops showing them until they read again). */
  gone: string[]
}

/** A sensor's live state: its latest reading, its windows' handle, whether it changed since the last update. */
interface TrackedSensor {
  sensorId: string
  windows: SensorWindows
  machineId: string | null
  ts: number
  temperatureC: number
  changed: boolean
}

export class LiveTracker {
  private readonly windowing: Windowing
  private readonly sensors = new Map<string, TrackedSensor>()
  /** By the parser's (sensor, machine) code: the same sensor under every code of its id. */
  private readonly byCode: (TrackedSensor | undefined)[] = []
  private changed: TrackedSensor[] = []

  constructor(options: { allowedLatenessMs?: number } = {}) {
    this.windowing = new Windowing({ allowedLatenessMs: options.allowedLatenessMs })
  }

  /** As LiveHub.add: a late or repeated reading changes nothing live. Keeps no reference to `reading` (the parser reuses one object). */
  add(reading: SensorReading): void {
    this.addTo(this.tracked(reading.sensorId), reading)
  }

  /** As `add`, for a reading whose (sensor, machine) pair has `code` in the caller's dictionary: no lookup by id. */
  addCoded(code: number, reading: SensorReading): void {
    const sensor = (this.byCode[code] ??= this.tracked(reading.sensorId))
    this.addTo(sensor, reading)
  }

  take(): LiveUpdate {
    const windows = this.windowing.closeWindows()
    // Only the changed sensors' windows: a block of a few readings must not cost all sensors.
    const sensors: LiveSensor[] = []
    for (const sensor of this.changed) {
      sensor.changed = false
      const window = this.windowing.openWindowOf(sensor.sensorId)
      if (window !== undefined) sensors.push({ sensorId: sensor.sensorId, machineId: sensor.machineId, latest: { ts: sensor.ts, temperatureC: sensor.temperatureC }, window })
    }
    this.changed = []
    const gone = [...new Set(windows.map((window) => window.sensorId))].filter((sensorId) => this.windowing.openWindowOf(sensorId) === undefined)
    return { sensors, windows, gone }
  }

  private tracked(sensorId: string): TrackedSensor {
    let sensor = this.sensors.get(sensorId)
    if (sensor === undefined) {
      sensor = { sensorId, windows: this.windowing.sensor(sensorId), machineId: null, ts: Number.NEGATIVE_INFINITY, temperatureC: Number.NaN, changed: false }
      this.sensors.set(sensorId, sensor)
    }
    return sensor
  }

  private addTo(sensor: TrackedSensor, reading: SensorReading): void {
    if (this.windowing.addTo(sensor.windows, reading) !== 'added') return
    if (reading.ts >= sensor.ts) {
      sensor.machineId = reading.machineId
      sensor.ts = reading.ts
      sensor.temperatureC = reading.temperatureC
    }
    if (sensor.changed) return
    sensor.changed = true
    this.changed.push(sensor)
  }
}
