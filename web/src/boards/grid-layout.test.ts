import { describe, expect, it } from 'vitest'
import type { Tile } from '../../../server/index.ts'
import { applyGridChange, clampBox, gridArea, nextFreeSlot, readingOrder } from './grid-layout.ts'

const tile = (id: string, x: number, y: number, w = 4, h = 3): Tile => ({ id, notebook: 1, cell: id, kind: 'table', title: '', x, y, w, h })

describe('grid layout', () => {
  it('places a tile on the CSS grid with 1-based lines', () => {
    expect(gridArea({ x: 0, y: 0, w: 6, h: 4 })).toBe('1 / 1 / span 4 / span 6')
    expect(gridArea({ x: 8, y: 3, w: 4, h: 2 })).toBe('4 / 9 / span 2 / span 4')
  })

  it('keeps boxes on the 12 columns', () => {
    expect(clampBox({ x: 10, y: -1, w: 4, h: 0 })).toEqual({ x: 8, y: 0, w: 4, h: 1 })
    expect(clampBox({ x: 0, y: 0, w: 20, h: 2 })).toEqual({ x: 0, y: 0, w: 12, h: 2 })
  })

  it('applies gridstack moves by tile id and keeps the array when nothing moved', () => {
    const tiles = [tile('a', 0, 0), tile('b', 4, 0)]
    expect(applyGridChange(tiles, [{ id: 'a', x: 0, y: 0, w: 4, h: 3 }])).toBe(tiles)
    const moved = applyGridChange(tiles, [{ id: 'b', x: 0, y: 3, w: 6 }, { id: 'gone', x: 1 }])
    expect(moved.map(({ id, x, y, w, h }) => ({ id, x, y, w, h }))).toEqual([
      { id: 'a', x: 0, y: 0, w: 4, h: 3 },
      { id: 'b', x: 0, y: 3, w: 6, h: 3 },
    ])
    expect(moved[0]).toBe(tiles[0])
  })

  it('finds the first free slot for a new tile', () => {
    expect(nextFreeSlot([], 6, 4)).toEqual({ x: 0, y: 0, w: 6, h: 4 })
    expect(nextFreeSlot([tile('a', 0, 0, 6, 4)], 6, 4)).toEqual({ x: 6, y: 0, w: 6, h: 4 })
    expect(nextFreeSlot([tile('a', 0, 0, 6, 4), tile('b', 6, 0, 6, 2)], 6, 4)).toEqual({ x: 6, y: 2, w: 6, h: 4 })
    expect(nextFreeSlot([tile('a', 0, 0, 12, 2)], 3, 2)).toEqual({ x: 0, y: 2, w: 3, h: 2 })
  })

  it('orders tiles for reading', () => {
    expect(readingOrder([tile('c', 6, 4), tile('b', 6, 0), tile('a', 0, 0)]).map((t) => t.id)).toEqual(['a', 'b', 'c'])
  })
})
