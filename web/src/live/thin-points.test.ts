import { describe, expect, it } from 'vitest'
import type { Point } from './rolling-buffer.ts'
import { thinPoints } from './thin-points.ts'

const series = (values: number[]): Point[] => values.map((temperatureC, i) => ({ ts: i * 1_000, temperatureC }))

describe('thinning a series to the chart’s width', () => {
  it('leaves a short series alone', () => {
    const points = series([1, 2, 3])
    expect(thinPoints(points, 0, 3_000, 10)).toBe(points)
  })

  it('keeps each bucket’s lowest and highest reading in time order, so a spike survives, and ends on the newest', () => {
    const values = Array.from({ length: 100 }, () => 20)
    values[37] = 95 // a one-reading spike
    values[61] = -5
    values[99] = 21
    const thinned = thinPoints(series(values), 0, 100_000, 10)
    expect(thinned.length).toBeLessThanOrEqual(21)
    expect(thinned.some((p) => p.temperatureC === 95 && p.ts === 37_000)).toBe(true)
    expect(thinned.some((p) => p.temperatureC === -5)).toBe(true)
    expect(thinned.at(-1)).toEqual({ ts: 99_000, temperatureC: 21 })
    expect(thinned.map((p) => p.ts)).toEqual([...thinned.map((p) => p.ts)].sort((a, b) => a - b))
  })
})
