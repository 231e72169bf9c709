import { describe, expect, it } from 'vitest'
import { plotSpecSchema } from '../../../cells/index.ts'
import { applyBuilder, builderFields } from './chart-builder.ts'

describe('the chart-builder form', () => {
  const spec = plotSpecSchema.parse({ data: 'oee', title: 'OEE', marks: [{ type: 'lineY', x: 'day', y: 'oee', stroke: 'machine_id' }, { type: 'ruleY', y: 0.85 }] })

  it('reads the first mark’s channels, the colour from stroke or fill by mark type', () => {
    expect(builderFields(spec)).toEqual({ data: 'oee', type: 'lineY', x: 'day', y: 'oee', color: 'machine_id', facet: '' })
  })

  it('writes the fields back to a valid spec, moving the colour to fill for bars, keeping the other marks', () => {
    const next = applyBuilder(spec, { data: 'oee', type: 'barY', x: 'machine_id', y: 'oee', color: 'machine_id', facet: 'day' })
    expect(plotSpecSchema.parse(next)).toEqual({ data: 'oee', title: 'OEE', marks: [{ type: 'barY', x: 'machine_id', y: 'oee', fill: 'machine_id', fy: 'day', tip: true }, { type: 'ruleY', y: 0.85 }] })
    expect(applyBuilder(spec, { data: 'oee', type: 'dot', x: 'day', y: '', color: '', facet: '' }).marks[0]).toEqual({ type: 'dot', x: 'day', tip: true })
  })
})
