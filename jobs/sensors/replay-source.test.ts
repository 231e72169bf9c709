import { describe, expect, it } from 'vitest'
import { loadSeries, startReplay } from './replay-source.ts'
import type { SensorReading } from './sensor-message.ts'

describe('the replay source', () => {
  it('loads the recorded NAB machine-temperature series', () => {
    const series = loadSeries()
    expect(series).toHaveLength(22_695)
    expect(series[0]).toBeCloseTo(73.96732207, 8)
    expect(Math.min(...series)).toBeCloseTo(2.08, 2)
  })

  it('emits one reading per machine per step, each machine at its own place in the series', async () => {
    const readings: SensorReading[] = []
    const replay = startReplay({ machines: 2, stepsPerSecond: 50, series: [10, 11, 12, 13], now: () => 1_000, onReading: (r) => readings.push(r) })
    await new Promise((resolve) => setTimeout(resolve, 70))
    replay.stop()
    expect(readings.slice(0, 4)).toEqual([
      { sensorId: 'M01-T1', machineId: 'M01', ts: 1_000, temperatureC: 10 },
      { sensorId: 'M02-T1', machineId: 'M02', ts: 1_000, temperatureC: 12 },
      { sensorId: 'M01-T1', machineId: 'M01', ts: 1_000, temperatureC: 11 },
      { sensorId: 'M02-T1', machineId: 'M02', ts: 1_000, temperatureC: 13 },
    ])
    expect(replay.readings).toBe(readings.length)
  })
})
