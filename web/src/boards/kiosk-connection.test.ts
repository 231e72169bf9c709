import { describe, expect, it } from 'vitest'
import { checkDelayMs, nextConnection, rotationIndex, type KioskConnection } from './kiosk-connection.ts'

const ok = { ok: true } as const
const lost = { ok: false, status: 0, message: 'cannot reach the cockpit server' } as const

describe('kiosk connection', () => {
  it('goes reconnecting on a loss, back when answered, then calm', () => {
    let c: KioskConnection = nextConnection({ state: 'connecting' }, ok, 0)
    expect(c).toEqual({ state: 'connected' })
    c = nextConnection(c, lost, 1_000)
    expect(c).toEqual({ state: 'reconnecting', since: 1_000 })
    c = nextConnection(c, { ok: false, status: 503, message: 'restarting' }, 4_000)
    expect(c).toEqual({ state: 'reconnecting', since: 1_000 })
    expect(checkDelayMs(c)).toBe(3_000)
    c = nextConnection(c, ok, 7_000)
    expect(c).toEqual({ state: 'back', at: 7_000, lostSince: 1_000 })
    expect(nextConnection(c, ok, 10_000)).toBe(c)
    expect(nextConnection(c, ok, 30_000)).toEqual({ state: 'connected' })
  })

  it('ends for good when the link is refused (revoked, expired)', () => {
    const refused = nextConnection({ state: 'connected' }, { ok: false, status: 404, message: 'no such kiosk link' }, 0)
    expect(refused).toEqual({ state: 'refused', message: 'no such kiosk link' })
    expect(nextConnection(refused, ok, 1)).toBe(refused)
  })

  it('rotates through the boards', () => {
    expect(rotationIndex(3, 60, 0, 59_000)).toBe(0)
    expect(rotationIndex(3, 60, 0, 60_000)).toBe(1)
    expect(rotationIndex(3, 60, 0, 185_000)).toBe(0)
    expect(rotationIndex(1, 60, 0, 185_000)).toBe(0)
  })
})
