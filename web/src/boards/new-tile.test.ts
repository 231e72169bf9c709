import { describe, expect, it } from 'vitest'
import type { Tile } from '../../../server/index.ts'
import { newTile, tileIdFor, TILE_KINDS_OF } from './new-tile.ts'

describe('new tile', () => {
  it('makes tile ids from cell names, unique on the board', () => {
    expect(tileIdFor('oee_chart', [])).toBe('oee-chart')
    expect(tileIdFor('oee', ['oee', 'oee-2'])).toBe('oee-3')
    expect(tileIdFor('markdown-3', [])).toBe('markdown-3')
    expect(tileIdFor('__', [])).toBe('tile')
  })

  it('offers the tile kinds a cell kind can be', () => {
    expect(TILE_KINDS_OF.sql).toEqual(['table', 'stat', 'machine-status'])
    expect(TILE_KINDS_OF.input).toEqual([])
  })

  it('places a new tile in the first free slot with its kind’s size', () => {
    const first = newTile([], { notebook: 1, cell: 'oee_chart', kind: 'chart', title: 'OEE' })
    expect(first).toEqual({ id: 'oee-chart', notebook: 1, cell: 'oee_chart', kind: 'chart', title: 'OEE', x: 0, y: 0, w: 6, h: 4 })
    const tiles: Tile[] = [first]
    const stat = newTile(tiles, { notebook: 2, cell: 'oee', kind: 'stat', title: 'OEE today', refreshSeconds: 60, stat: { value: 'oee', format: 'percent', better: 'higher' } })
    expect(stat).toMatchObject({ id: 'oee', x: 6, y: 0, w: 3, h: 2, refreshSeconds: 60, stat: { value: 'oee' } })
  })

  it('adds an alerts tile without a cell, with its filters', () => {
    const alerts = newTile([], { kind: 'alerts', title: 'Alerts on M07', alerts: { machine: 'M07', minSeverity: 'warning' } })
    expect(alerts).toEqual({ id: 'alerts', kind: 'alerts', title: 'Alerts on M07', alerts: { machine: 'M07', minSeverity: 'warning' }, x: 0, y: 0, w: 4, h: 3 })
    expect(newTile([alerts], { kind: 'alerts', title: '', alerts: {} })).toMatchObject({ id: 'alerts-2', x: 4, y: 0 })
  })
})
