import { describe, expect, it } from 'vitest'
import type { PlotSpec } from '../../../cells/index.ts'
import { timeExtent } from './chart-time-extent.ts'

const columns = [{ name: 'ts', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'machine_id', type: 'VARCHAR' }, { name: 'avg_c', type: 'DOUBLE' }, { name: 'day', type: 'DATE' }]
const rows = [
  ['2026-12-03T10:00:00Z', 'M01', 80, '2026-12-03'],
  ['2026-12-03T09:00:00Z', 'M02', 81, '2026-12-03'],
  ['2026-12-03T11:30:00Z', 'M01', 82, '2026-12-03'],
]
const spec = (over: Partial<PlotSpec>): PlotSpec => ({ data: 'temps', marks: [{ type: 'lineY', x: 'ts', y: 'avg_c', stroke: 'machine_id' }], ...over }) as PlotSpec

describe('a chart tile’s time extent', () => {
  it('is the span of its x times, with the machines its rows name', () => {
    expect(timeExtent(spec({}), columns, rows)).toEqual({ from: Date.parse('2026-12-03T09:00:00Z'), to: Date.parse('2026-12-03T11:30:00Z'), machines: ['M01', 'M02'] })
    expect(timeExtent(spec({ marks: [{ type: 'lineY', x: 'ts', y: 'avg_c' }, { type: 'ruleY', y: 90 }] }), columns, rows)?.from).toBe(Date.parse('2026-12-03T09:00:00Z'))
    expect(timeExtent(spec({}), columns.slice(0, 3).filter((c) => c.name !== 'machine_id'), rows.map(([ts, , v]) => [ts, v]))?.machines).toBeUndefined()
  })

  it('is none when x is no continuous time: bars, a band scale, a number or no rows', () => {
    expect(timeExtent(spec({ marks: [{ type: 'barY', x: 'day', y: 'avg_c' }] }), columns, rows)).toBeUndefined()
    expect(timeExtent(spec({ x: { type: 'band' } }), columns, rows)).toBeUndefined()
    expect(timeExtent(spec({ marks: [{ type: 'dot', x: 'avg_c', y: 'avg_c' }] }), columns, rows)).toBeUndefined()
    expect(timeExtent(spec({}), columns, [])).toBeUndefined()
  })

  it('runs to the end of the last day when x is a DATE', () => {
    expect(timeExtent(spec({ marks: [{ type: 'lineY', x: 'day', y: 'avg_c' }] }), columns, rows)).toMatchObject({ from: Date.parse('2026-12-03'), to: Date.parse('2026-12-04') })
  })
})
