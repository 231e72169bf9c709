import { describe, expect, it } from 'vitest'
import { packLiveUpdate, unpackLiveUpdate } from './live-columns.ts'
import { LiveTracker } from './live-tracker.ts'
import { SensorIds } from '../contract/index.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')

describe('a live update as columns', () => {
  it('comes back as the same update, with null stddevs and machines, closed windows and gone sensors', () => {
    const tracker = new LiveTracker({ allowedLatenessMs: 0 })
    const ids = new SensorIds()
    const read = (sensorId: string, machineId: string | null, offsetMs: number, temperatureC: number): void => {
      ids.code(sensorId, machineId)
      tracker.add({ sensorId, machineId, ts: t0 + offsetMs, temperatureC })
    }
    read('T1', 'M1', 1_000, 70.25)
    read('T2', null, 1_000, -3.5)
    tracker.take()
    read('T1', 'M2', 61_000, 71)
    read('T1', 'M2', 62_000, 72.5)
    read('T3', null, 61_500, 20)
    const update = tracker.take()
    expect(update.windows.length).toBe(2)
    expect(update.gone).toEqual(['T2'])
    expect(update.sensors.find((s) => s.sensorId === 'T3')?.window.stddevC).toBeNull()

    const columns = packLiveUpdate(update, (sensorId, machineId) => ids.find(sensorId, machineId)!)
    const mirror = new SensorIds()
    mirror.define(0, ids.since(0))
    expect(unpackLiveUpdate(structuredClone(columns), (code) => mirror.pair(code))).toEqual(update)
  })
})
