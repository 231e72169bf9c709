/** A plot spec becomes Plot's options through a fixed table of mark functions, with channels as Plot names them. */
import { describe, expect, it } from 'vitest'
import { MARK_TYPES, plotSpecSchema } from '../../../cells/index.ts'
import { plotOptions, resultRecords, type MarkFunctions } from './plot-options.ts'

/** Stand-ins for Plot's marks that record how they were called. */
const fakeMarks = Object.fromEntries(MARK_TYPES.map((type) => [type, (data: unknown, options: unknown) => ({ type, data, options })])) as MarkFunctions<{ type: string; data: unknown; options: unknown }>

describe('plot spec → Plot options', () => {
  it('maps each mark to Plot’s function of the same name with its channels', () => {
    const spec = plotSpecSchema.parse({
      data: 'oee',
      title: 'OEE by machine, this week',
      y: { label: 'OEE', percent: true, zero: true },
      marks: [
        { type: 'barY', x: 'machine_id', y: 'oee', fill: 'machine_id', tip: true },
        { type: 'ruleY', y: 0.85, stroke: 'red' },
      ],
    })
    const data = [{ machine_id: 'M01', oee: 0.72 }]
    const options = plotOptions(spec, data, fakeMarks)
    expect(options.marks).toEqual([
      { type: 'barY', data, options: { x: 'machine_id', y: 'oee', fill: 'machine_id', tip: true } },
      { type: 'ruleY', data, options: { y: 0.85, stroke: 'red' } },
    ])
    expect(options).toMatchObject({ title: 'OEE by machine, this week', ariaLabel: 'OEE by machine, this week', y: { label: 'OEE', percent: true, zero: true }, color: { legend: true } })
  })

  it('covers every mark type of the spec and facets by machine', () => {
    for (const type of MARK_TYPES) {
      const options = plotOptions(plotSpecSchema.parse({ data: 'r', marks: [{ type, x: 'day', y: 'v', fx: 'machine_id' }] }), [], fakeMarks)
      expect(options.marks[0]).toMatchObject({ type, options: { x: 'day', y: 'v', fx: 'machine_id' } })
    }
  })

  it('keeps an author’s colour scale and has no legend without a colour column', () => {
    const options = plotOptions(plotSpecSchema.parse({ data: 'r', color: { scheme: 'tableau10' }, marks: [{ type: 'lineY', x: 'at', y: 'temp' }] }), [], fakeMarks)
    expect(options.color).toEqual({ scheme: 'tableau10' })
    expect(options.ariaLabel).toBe('chart of r')
  })

  it('reads result rows as records, times as Dates', () => {
    const records = resultRecords({ columns: [{ name: 'day', type: 'DATE' }, { name: 'at', type: 'TIMESTAMP' }, { name: 'n', type: 'BIGINT' }], rows: [['2026-12-01', '2026-12-01T10:00:00.000Z', 3]] })
    expect(records).toEqual([{ day: new Date('2026-12-01'), at: new Date('2026-12-01T10:00:00.000Z'), n: 3 }])
  })
})
