import { describe, expect, it } from 'vitest'
import { RollingBuffer } from './rolling-buffer.ts'

const minute = 60_000

describe('the rolling buffer of the Live view', () => {
  it('keeps one series per sensor, in time order, ordered by machine then sensor', () => {
    const buffer = new RollingBuffer({ retainMs: 60 * minute, maxPoints: 100 })
    buffer.add('M02-T1', 'M02', 1_000, 70)
    buffer.add('M01-T2', 'M01', 1_000, 60)
    buffer.add('M01-T1', 'M01', 1_000, 50)
    buffer.add('M01-T1', 'M01', 2_000, 51)
    expect(buffer.all().map((s) => s.sensorId)).toEqual(['M01-T1', 'M01-T2', 'M02-T1'])
    expect(buffer.get('M01-T1')?.points).toEqual([{ ts: 1_000, temperatureC: 50 }, { ts: 2_000, temperatureC: 51 }])
  })

  it('ignores a repeated or older reading (hello after a reconnect repeats the latest)', () => {
    const buffer = new RollingBuffer({ retainMs: minute, maxPoints: 100 })
    expect(buffer.add('S', 'M', 2_000, 50)).toBe(true)
    expect(buffer.add('S', 'M', 2_000, 50)).toBe(false)
    expect(buffer.add('S', 'M', 1_500, 49)).toBe(false)
    expect(buffer.get('S')?.points).toHaveLength(1)
  })

  it('drops points older than the retention but keeps the sensor known', () => {
    const buffer = new RollingBuffer({ retainMs: 10 * minute, maxPoints: 1_000 })
    for (let t = 0; t <= 20 * minute; t += minute) buffer.add('S', 'M', t, t / minute)
    buffer.prune(20 * minute)
    expect(buffer.get('S')!.points.map((p) => p.ts / minute)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    buffer.prune(40 * minute)
    expect(buffer.get('S')!.points).toEqual([])
    expect(buffer.all().map((s) => s.sensorId)).toEqual(['S'])
  })

  it('bounds memory per sensor: past maxPoints the oldest points go', () => {
    const buffer = new RollingBuffer({ retainMs: 60 * minute, maxPoints: 50 })
    for (let t = 1; t <= 10_000; t++) buffer.add('S', 'M', t, 20)
    expect(buffer.size).toBe(50)
    expect(buffer.get('S')!.points[0]!.ts).toBe(9_951)
  })

  it('answers a window: the points at or after its start', () => {
    const buffer = new RollingBuffer({ retainMs: 60 * minute, maxPoints: 1_000 })
    for (let t = 0; t < 10; t++) buffer.add('S', null, t * 1_000, t)
    expect(buffer.since('S', 7_000).map((p) => p.temperatureC)).toEqual([7, 8, 9])
    expect(buffer.since('S', 6_500).map((p) => p.temperatureC)).toEqual([7, 8, 9])
    expect(buffer.since('unknown', 0)).toEqual([])
  })

  it('keeps a machine learned later', () => {
    const buffer = new RollingBuffer({ retainMs: minute, maxPoints: 10 })
    buffer.add('S', null, 1, 20)
    buffer.add('S', 'M07', 2, 20)
    expect(buffer.get('S')?.machineId).toBe('M07')
  })

  it('merges earlier readings from the catalog in front of the streamed ones, in order, without repeats, within the bound', () => {
    const buffer = new RollingBuffer({ retainMs: 60 * minute, maxPoints: 5 })
    buffer.add('S', 'M', 10_000, 10)
    buffer.add('S', 'M', 11_000, 11)
    const taken = buffer.addHistory('S', 'M', [
      { ts: 9_000, temperatureC: 9 },
      { ts: 7_000, temperatureC: 7 },
      { ts: 9_000, temperatureC: 9 },
      { ts: 10_000, temperatureC: 99 },
      { ts: 8_000, temperatureC: 8 },
      { ts: 6_000, temperatureC: 6 },
    ])
    expect(taken).toBe(4)
    expect(buffer.get('S')!.points.map((p) => p.temperatureC)).toEqual([7, 8, 9, 10, 11])
    expect(buffer.addHistory('T', null, [{ ts: 1, temperatureC: 1 }])).toBe(1)
    expect(buffer.all().map((s) => s.sensorId)).toEqual(['T', 'S'])
  })
})
