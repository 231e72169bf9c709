/**
 * A live update's sensors (./live-tracker.ts) as columns, to cross from the parser thread to
 * the event loop: (sensor, machine) codes of ../contract/sensor-ids.ts and one array of numbers,
 * transferred. At 250,000 readings/s every parsed block changes all sensors, and the
 * structured clone of their objects — three objects and two strings per sensor, serialised on
 * one thread and rebuilt on the other — was about a millisecond per block; objects built from
 * the columns reuse the event loop's own id strings. Closed windows and gone sensors (a few per
 * block at most) travel as they are. Pure.
 */
import type { LiveSensor } from '../live/index.ts'
import type { LiveUpdate } from './live-tracker.ts'
import type { SensorIdPair } from '../contract/index.ts'
import type { WindowAggregate } from './windows.ts'

export interface LiveColumns {
  /** Per sensor: code of (sensor, machine of its latest reading). */
  codes: Int32Array
  /** Per sensor: code of (sensor, machine of its window). */
  windowCodes: Int32Array
  /** Per sensor, VALUES numbers: see `pack`. A null stddev is NaN (a real one never is: readings are finite). */
  values: Float64Array
  windows: WindowAggregate[]
  gone: string[]
}

const VALUES = 11

/** The update as columns; `codeOf` gives the code of a (sensor, machine) pair the thread has read. */
export function packLiveUpdate(update: LiveUpdate, codeOf: (sensorId: string, machineId: string | null) => number): LiveColumns {
  const n = update.sensors.length
  const codes = new Int32Array(n)
  const windowCodes = new Int32Array(n)
  const values = new Float64Array(n * VALUES)
  update.sensors.forEach((sensor, i) => {
    const { latest, window } = sensor
    codes[i] = codeOf(sensor.sensorId, sensor.machineId)
    windowCodes[i] = codeOf(window.sensorId, window.machineId)
    const at = i * VALUES
    values[at] = latest.ts
    values[at + 1] = latest.temperatureC
    values[at + 2] = window.windowStart
    values[at + 3] = window.windowEnd
    values[at + 4] = window.n
    values[at + 5] = window.minC
    values[at + 6] = window.maxC
    values[at + 7] = window.avgC
    values[at + 8] = window.stddevC ?? Number.NaN
    values[at + 9] = window.firstC
    values[at + 10] = window.lastC
  })
  return { codes, windowCodes, values, windows: update.windows, gone: update.gone }
}

/** The update again, with the ids of the codes as the receiving side's dictionary has them. */
export function unpackLiveUpdate(columns: LiveColumns, pairOf: (code: number) => SensorIdPair): LiveUpdate {
  const { codes, windowCodes, values } = columns
  const sensors: LiveSensor[] = new Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const [sensorId, machineId] = pairOf(codes[i]!)
    const at = i * VALUES
    const stddev = values[at + 8]!
    sensors[i] = {
      sensorId,
      machineId,
      latest: { ts: values[at]!, temperatureC: values[at + 1]! },
      window: {
        sensorId,
        machineId: pairOf(windowCodes[i]!)[1],
        windowStart: values[at + 2]!,
        windowEnd: values[at + 3]!,
        n: values[at + 4]!,
        minC: values[at + 5]!,
        maxC: values[at + 6]!,
        avgC: values[at + 7]!,
        stddevC: Number.isNaN(stddev) ? null : stddev,
        firstC: values[at + 9]!,
        lastC: values[at + 10]!,
      },
    }
  }
  return { sensors, windows: columns.windows, gone: columns.gone }
}

/** The buffers of the columns, to transfer with them. */
export function liveTransfer(columns: LiveColumns): ArrayBuffer[] {
  return [columns.codes.buffer, columns.windowCodes.buffer, columns.values.buffer] as ArrayBuffer[]
}
