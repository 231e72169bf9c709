import { describe, expect, it } from 'vitest'
import { resolveTimeRange } from './time-range.ts'

const TZ = 'Europe/Berlin'
// 2026-12-03 15:30 in Berlin (UTC+1).
const NOW = new Date('2026-12-03T14:30:00Z')

describe('resolveTimeRange', () => {
  it('resolves shifts in the plant zone', () => {
    expect(resolveTimeRange('period', 'this-shift', NOW, TZ)).toEqual({ from: '2026-12-03T13:00:00.000Z', to: '2026-12-03T14:30:00.000Z', fromDay: '2026-12-03', toDay: '2026-12-03' })
    expect(resolveTimeRange('period', 'last-shift', NOW, TZ)).toMatchObject({ from: '2026-12-03T05:00:00.000Z', to: '2026-12-03T13:00:00.000Z' })
    // 03:00 local lies in the night shift that began 22:00 the day before.
    expect(resolveTimeRange('period', 'this-shift', new Date('2026-12-03T02:00:00Z'), TZ)).toMatchObject({ from: '2026-12-02T21:00:00.000Z', fromDay: '2026-12-02', toDay: '2026-12-03' })
  })

  it('resolves days and weeks', () => {
    expect(resolveTimeRange('period', 'today', NOW, TZ)).toMatchObject({ from: '2026-12-02T23:00:00.000Z', fromDay: '2026-12-03', toDay: '2026-12-03' })
    expect(resolveTimeRange('period', 'yesterday', NOW, TZ)).toEqual({ from: '2026-12-01T23:00:00.000Z', to: '2026-12-02T23:00:00.000Z', fromDay: '2026-12-02', toDay: '2026-12-02' })
    expect(resolveTimeRange('period', 'last-7-days', NOW, TZ)).toMatchObject({ fromDay: '2026-11-27', toDay: '2026-12-03' })
  })

  it('takes FROM..TO as days or instants and refuses the rest by field', () => {
    expect(resolveTimeRange('period', '2026-11-01..2026-11-02', NOW, TZ)).toEqual({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-02T23:00:00.000Z', fromDay: '2026-11-01', toDay: '2026-11-02' })
    expect(resolveTimeRange('period', '2026-11-01T06:00:00Z..2026-11-01T08:00:00Z', NOW, TZ)).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-01' })
    expect(() => resolveTimeRange('period', 'next-week', NOW, TZ)).toThrow(/period: expected one of/)
    expect(() => resolveTimeRange('period', '2026-11-02..2026-11-01', NOW, TZ)).toThrow(/not after/)
  })
})
