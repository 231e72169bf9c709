import { describe, expect, it } from 'vitest'
import { Windowing } from './windows.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
const reading = (sensorId: string, offsetMs: number, temperatureC: number) => ({ sensorId, machineId: 'M01', ts: t0 + offsetMs, temperatureC })

describe('event-time windows', () => {
  it('aggregates a minute per sensor: n, min, max, mean, sample stddev, first and last by event time', () => {
    const w = new Windowing()
    // Arrival order differs from event order: first/last follow event time.
    for (const [offset, t] of [[30_000, 72], [10_000, 70], [50_000, 74], [20_000, 71]] as const) w.add(reading('T1', offset, t))
    const [open] = w.openWindows()
    // mean = (70 + 71 + 72 + 74) / 4 = 71.75; squared deviations 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75; /3
    expect(open).toMatchObject({ sensorId: 'T1', windowStart: t0, windowEnd: t0 + 60_000, n: 4, minC: 70, maxC: 74, avgC: 71.75, firstC: 70, lastC: 74 })
    expect(open!.stddevC).toBeCloseTo(Math.sqrt(8.75 / 3), 12)
  })

  it('closes a window once the watermark (max event time − lateness) passes its end', () => {
    const w = new Windowing({ allowedLatenessMs: 30_000 })
    w.add(reading('T1', 5_000, 70))
    w.add(reading('T2', 6_000, 60))
    w.add(reading('T1', 89_000, 71)) // watermark 59 s: the first minute is still open
    expect(w.closeWindows()).toEqual([])
    w.add(reading('T2', 90_000, 61)) // watermark 60 s: it closes, for both sensors
    const closed = w.closeWindows()
    expect(closed.map((a) => [a.sensorId, a.windowStart - t0, a.n])).toEqual([['T1', 0, 1], ['T2', 0, 1]])
    expect(closed[0]!.stddevC).toBeNull()
    expect(w.openWindows().map((a) => [a.sensorId, a.windowStart - t0])).toEqual([['T1', 60_000], ['T2', 60_000]])
  })

  it('counts a reading for a closed window as late and leaves the closed aggregate alone', () => {
    const w = new Windowing({ allowedLatenessMs: 0 })
    w.add(reading('T1', 1_000, 70))
    w.add(reading('T1', 61_000, 71))
    expect(w.closeWindows()).toHaveLength(1)
    expect(w.add(reading('T1', 2_000, 99))).toBe('late')
    expect(w.lateCount).toBe(1)
    expect(w.openWindows()).toHaveLength(1)
  })

  it('accepts a late-but-allowed reading into its still-open window', () => {
    const w = new Windowing({ allowedLatenessMs: 30_000 })
    w.add(reading('T1', 70_000, 70))
    expect(w.add(reading('T1', 50_000, 69))).toBe('added')
    expect(w.openWindows().map((a) => a.n)).toEqual([1, 1])
    // A sensor's current window is its newest open one.
    expect(w.openWindowOf('T1')).toMatchObject({ windowStart: t0 + 60_000, n: 1, avgC: 70 })
    expect(w.openWindowOf('T2')).toBeUndefined()
  })

  it('counts a repeated (sensor, ts) once', () => {
    const w = new Windowing()
    expect(w.add(reading('T1', 1_000, 70))).toBe('added')
    expect(w.add(reading('T1', 1_000, 70))).toBe('duplicate')
    expect(w.openWindows()[0]!.n).toBe(1)
  })

  it('handles the NAB clock jump back (duplicate timestamps, out of order) without double counting', () => {
    const w = new Windowing({ windowMs: 3_600_000, allowedLatenessMs: 3_600_000 })
    const steps = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 0, 5, 10].map((m) => m * 60_000)
    const outcomes = steps.map((offset, i) => w.add(reading('M', offset, 60 + i)))
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3)
    expect(w.openWindows()[0]!.n).toBe(12)
  })
})
