import { describe, expect, it } from 'vitest'
import { dayDefaultSchema, daysInOrder, plantDayOf, resolveDay } from './relative-day.ts'

describe('relative days', () => {
  it('resolve against the given today, across month and year ends', () => {
    expect(resolveDay('today', '2026-12-03')).toBe('2026-12-03')
    expect(resolveDay('today-6', '2026-12-03')).toBe('2026-11-27')
    expect(resolveDay('today+1', '2026-12-31')).toBe('2027-01-01')
    expect(resolveDay('2026-11-01', '2026-12-03')).toBe('2026-11-01')
  })

  it('accept fixed days and today±N only', () => {
    for (const ok of ['2026-11-01', 'today', 'today-7', 'today+30']) expect(dayDefaultSchema.safeParse(ok).success).toBe(true)
    for (const bad of ['yesterday', 'today-', 'today - 7', 'now-7d', '2026-13-01', 'today-7d']) expect(dayDefaultSchema.safeParse(bad).success).toBe(false)
  })

  it('order two fixed or two relative days, and leave a mixed pair to the reader', () => {
    expect(daysInOrder('today-6', 'today')).toBe(true)
    expect(daysInOrder('today', 'today-6')).toBe(false)
    expect(daysInOrder('2026-11-07', '2026-11-01')).toBe(false)
    expect(daysInOrder('2026-11-01', 'today')).toBe(true)
  })

  it('takes today in the plant’s time zone, not the server’s', () => {
    const instant = new Date('2026-12-03T23:30:00Z')
    expect(plantDayOf(instant, 'UTC')).toBe('2026-12-03')
    expect(plantDayOf(instant, 'Europe/Berlin')).toBe('2026-12-04')
    expect(plantDayOf(new Date('2026-12-04T03:00:00Z'), 'America/Chicago')).toBe('2026-12-03')
  })
})
