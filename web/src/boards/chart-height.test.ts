import { describe, expect, it } from 'vitest'
import type { PlotSpec } from '../../../cells/index.ts'
import { chartHeight } from './chart-height.ts'

const spec = (extra: Partial<PlotSpec>, fill?: string): PlotSpec => ({ data: 'd', marks: [{ type: 'cell', x: 'slot', y: 'machine_id', ...(fill ? { fill } : {}) }], ...extra }) as PlotSpec

describe('chart height', () => {
  it('leaves room for the legend and the title lines Plot draws around the plot', () => {
    expect(chartHeight(spec({}), 300)).toBe(288)
    expect(chartHeight(spec({}, 'state'), 300)).toBe(244)
    expect(chartHeight(spec({ title: 'States', caption: 'last shift' }, 'state'), 300)).toBe(196)
    expect(chartHeight(spec({ color: { legend: false } }, 'state'), 300)).toBe(288)
  })

  it('keeps an author’s height and a readable minimum', () => {
    expect(chartHeight(spec({ height: 500 }), 300)).toBeUndefined()
    expect(chartHeight(spec({}, 'state'), 90)).toBe(100)
  })
})
