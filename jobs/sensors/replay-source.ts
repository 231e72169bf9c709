/**
 * The embedded sensor source: the NAB machine-temperature recording (real data, MIT licence,
 * ./replay-data) replayed as live readings, one sensor per machine, each machine starting at a
 * different point of the series. Event time is now; `stepsPerSecond` sets the speed (one step
 * of the recording is five minutes).
 */
import { readFileSync } from 'node:fs'
import type { SensorReading } from './sensor-message.ts'

export const MACHINE_TEMPERATURE_CSV = new URL('./replay-data/machine_temperature_system_failure.csv', import.meta.url)

export interface ReplayOptions {
  machines?: number
  stepsPerSecond?: number
  onReading: (reading: SensorReading) => void
  now?: () => number
  series?: number[]
}

export interface ReplaySource {
  readings: number
  stop(): void
}

/** The values of a NAB series (`timestamp,value` CSV). */
export function loadSeries(url: URL = MACHINE_TEMPERATURE_CSV): number[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.split(',')[1]))
    .filter((value) => Number.isFinite(value))
}

export function startReplay(options: ReplayOptions): ReplaySource {
  const series = options.series ?? loadSeries()
  const machines = options.machines ?? 4
  const now = options.now ?? Date.now
  const source: ReplaySource = { readings: 0, stop: () => clearInterval(timer) }
  let step = 0
  const emit = (): void => {
    const ts = now()
    for (let m = 0; m < machines; m++) {
      const machineId = `M${String(m + 1).padStart(2, '0')}`
      const index = (step + Math.floor((m * series.length) / machines)) % series.length
      options.onReading({ sensorId: `${machineId}-T1`, machineId, ts, temperatureC: series[index]! })
      source.readings++
    }
    step++
  }
  const timer = setInterval(emit, 1000 / (options.stepsPerSecond ?? 2))
  timer.unref()
  emit()
  return source
}
