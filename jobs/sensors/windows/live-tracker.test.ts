import { describe, expect, it } from 'vitest'
import { LiveTracker } from './live-tracker.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
const reading = (sensorId: string, offsetMs: number, temperatureC: number) => ({ sensorId, machineId: 'M1', ts: t0 + offsetMs, temperatureC })

describe('the live tracker of parsed readings', () => {
  it('gives each changed sensor once per update, with its latest reading and running window', () => {
    const tracker = new LiveTracker()
    tracker.add(reading('T1', 2_000, 72))
    tracker.add(reading('T1', 1_000, 70))
    tracker.add(reading('T2', 1_500, 50))
    const update = tracker.take()
    expect(update.sensors.map((s) => [s.sensorId, s.latest.temperatureC, s.window.n, s.window.avgC])).toEqual([['T1', 72, 2, 71], ['T2', 50, 1, 50]])
    expect(update.windows).toEqual([])
    expect(tracker.take()).toEqual({ sensors: [], windows: [], gone: [] })
  })

  it('closes windows on the watermark, ignores late and repeated readings, and names sensors left without a window', () => {
    const tracker = new LiveTracker({ allowedLatenessMs: 0 })
    tracker.add(reading('T1', 1_000, 70))
    tracker.add(reading('T2', 1_000, 50))
    tracker.take()
    tracker.add(reading('T1', 61_000, 71))
    tracker.add(reading('T1', 61_000, 99))
    tracker.add(reading('T2', 2_000, 10))
    const update = tracker.take()
    expect(update.windows.map((w) => [w.sensorId, w.n, w.avgC])).toEqual([['T1', 1, 70], ['T2', 1, 50]])
    expect(update.sensors.map((s) => [s.sensorId, s.latest.temperatureC, s.window.n])).toEqual([['T1', 71, 1]])
    expect(update.gone).toEqual(['T2'])
  })
})
