import { describe, expect, it } from 'vitest'
import { boardDefinitionSchema, newKioskLinkSchema, tileSchema } from './board-schemas.ts'

const tile = { id: 'oee', notebook: 1, cell: 'oee', kind: 'table', x: 0, y: 0, w: 6, h: 4 } as const

describe('board schemas', () => {
  it('takes a board of tiles and inputs, filling defaults', () => {
    const board = boardDefinitionSchema.parse({ title: 'Plant', inputs: [{ kind: 'time-range', name: 'period', default: 'today' }], tiles: [tile, { ...tile, id: 'rate', kind: 'stat', x: 6, stat: { value: 'rate' } }] })
    expect(board.tiles[0]!.title).toBe('')
    expect(board.tiles[1]!.stat).toEqual({ value: 'rate', format: 'number', better: 'higher' })
  })

  it('refuses a tile off the grid, stat options on the wrong kind, and repeated ids', () => {
    expect(tileSchema.safeParse({ ...tile, x: 8, w: 6 }).error?.issues[0]?.path).toEqual(['w'])
    expect(tileSchema.safeParse({ ...tile, kind: 'stat' }).error?.issues[0]?.path).toEqual(['stat'])
    expect(tileSchema.safeParse({ ...tile, stat: { value: 'x' } }).error?.issues[0]?.path).toEqual(['stat'])
    expect(boardDefinitionSchema.safeParse({ title: 'x', tiles: [tile, tile] }).error?.issues[0]?.path).toEqual(['tiles'])
    expect(tileSchema.safeParse({ ...tile, colour: 'red' }).success).toBe(false)
  })

  it('takes an alerts tile without a cell, and refuses one with a cell or without its options', () => {
    const alerts = { id: 'alerts', kind: 'alerts', x: 0, y: 0, w: 4, h: 3, alerts: { minSeverity: 'warning', machine: 'M07' } } as const
    expect(tileSchema.parse(alerts).alerts).toEqual({ minSeverity: 'warning', machine: 'M07' })
    expect(tileSchema.safeParse({ ...alerts, notebook: 1, cell: 'oee' }).error?.issues[0]?.path).toEqual(['cell'])
    expect(tileSchema.safeParse({ ...alerts, alerts: undefined }).error?.issues[0]?.path).toEqual(['alerts'])
    expect(tileSchema.safeParse({ ...alerts, alerts: { minSeverity: 'urgent' } }).success).toBe(false)
    expect(tileSchema.safeParse({ ...tile, cell: undefined }).error?.issues[0]?.path).toEqual(['cell'])
    expect(tileSchema.safeParse({ ...tile, alerts: {} }).error?.issues[0]?.path).toEqual(['alerts'])
  })

  it('takes a kiosk link with an expiry', () => {
    expect(newKioskLinkSchema.parse({ boards: [1], expiresAt: '2027-01-01T00:00:00Z' }).rotateSeconds).toBe(60)
    expect(newKioskLinkSchema.safeParse({ boards: [], expiresAt: '2027-01-01T00:00:00Z' }).success).toBe(false)
  })
})
