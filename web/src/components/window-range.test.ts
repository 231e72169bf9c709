import { describe, expect, it } from 'vitest'
import { rowWindow } from './window-range.ts'

describe('the rows a windowed table draws', () => {
  it('draws the rows in view and a margin on either side', () => {
    expect(rowWindow({ rows: 100_000, rowHeight: 28, scrollTop: 0, viewHeight: 280, overscan: 5 })).toEqual({ start: 0, end: 15 })
    expect(rowWindow({ rows: 100_000, rowHeight: 28, scrollTop: 28 * 500, viewHeight: 280, overscan: 5 })).toEqual({ start: 495, end: 515 })
  })

  it('stays inside the result at its end and for short results', () => {
    expect(rowWindow({ rows: 100, rowHeight: 28, scrollTop: 28 * 99, viewHeight: 280, overscan: 5 })).toEqual({ start: 94, end: 100 })
    expect(rowWindow({ rows: 3, rowHeight: 28, scrollTop: 0, viewHeight: 280 })).toEqual({ start: 0, end: 3 })
    expect(rowWindow({ rows: 0, rowHeight: 28, scrollTop: 50, viewHeight: 280 })).toEqual({ start: 0, end: 0 })
  })
})
