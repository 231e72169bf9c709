import { describe, expect, it } from 'vitest'
import type { StatOptions } from '../../../server/index.ts'
import { formatDelta, formatStat, statLight, statSeries } from './stat-value.ts'

const oee: StatOptions = { value: 'oee', format: 'percent', better: 'higher', target: 0.75, thresholds: { green: 0.75, amber: 0.6 }, sparkline: { x: 'day' } }
const scrap: StatOptions = { value: 'scrap', format: 'percent', better: 'lower', thresholds: { green: 0.02, amber: 0.05 } }
const columns = [{ name: 'day' }, { name: 'oee' }]
const rows = [['2026-12-01', 0.7], ['2026-12-02', '0.65'], ['2026-12-03', 0.7573773346260304]]

describe('stat value', () => {
  it('takes the last row as the number, the one before as the previous period, all rows as the sparkline', () => {
    const series = statSeries(oee, columns, rows)
    expect(series.value).toBeCloseTo(0.7574)
    expect(series.previous).toBe(0.65)
    expect(series.points.map((p) => p.y)).toEqual([0.7, 0.65, 0.7573773346260304])
    expect(statSeries(oee, columns, []).value).toBeUndefined()
    expect(statSeries({ ...oee, value: 'missing' }, columns, rows).value).toBeUndefined()
  })

  it('lights green, amber or red on the better side', () => {
    expect(statLight(0.76, oee)).toBe('green')
    expect(statLight(0.75, oee)).toBe('green')
    expect(statLight(0.61, oee)).toBe('amber')
    expect(statLight(0.4, oee)).toBe('red')
    expect(statLight(0.01, scrap)).toBe('green')
    expect(statLight(0.04, scrap)).toBe('amber')
    expect(statLight(0.08, scrap)).toBe('red')
    expect(statLight(0.5, { better: 'higher' })).toBe('none')
    expect(statLight(undefined, oee)).toBe('none')
  })

  it('writes KPIs as percentages with one decimal, never a raw float, in the reader locale', () => {
    expect(formatStat(0.7573773346260304, oee, ['en-US'])).toBe('75.7 %')
    expect(formatStat(0.7573773346260304, oee, ['de-DE'])).toBe('75,7 %')
    expect(formatStat(1284.4, { format: 'number', unit: 'pcs/h' }, ['en-US'])).toBe('1,284 pcs/h')
    expect(formatStat(71.26, { format: 'number', unit: '°C' }, ['de-DE'])).toBe('71,3 °C')
    expect(formatStat(3, { format: 'number', decimals: 0 }, ['en-US'])).toBe('3')
    // A count is whole: 80 readings, not 80.0.
    expect(formatStat(80, { format: 'number', unit: 'readings' }, ['en-US'])).toBe('80 readings')
    expect(formatStat(undefined, oee)).toBe('–')
  })

  it('gives the change with an arrow and a sign, percentages in points', () => {
    expect(formatDelta(0.757, 0.745, oee, ['en-US'])).toBe('▲ +1.2 pp')
    expect(formatDelta(1200, 1284, { format: 'number', unit: 'pcs/h' }, ['en-US'])).toBe('▼ -84 pcs/h')
    expect(formatDelta(5, 5, { format: 'number' }, ['en-US'])).toBe('▶ 0')
    expect(formatDelta(5.5, 5, { format: 'number' }, ['en-US'])).toBe('▲ +0.5')
    expect(formatDelta(5, undefined, { format: 'number' })).toBeUndefined()
  })
})
