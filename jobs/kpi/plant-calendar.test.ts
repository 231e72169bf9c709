import { describe, expect, it } from 'vitest'
import { kpiCoverage, localMidnight, monthsOf, plantDays } from './plant-calendar.ts'

describe('plant calendar', () => {
  it('lists the local days a range of instants touches, plus extra days', () => {
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    expect(plantDays('2026-11-24T08:00:00Z', '2026-11-24T23:30:00Z', 'Europe/Berlin', 1)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26'])
    expect(plantDays('2026-11-24T08:00:00Z', '2026-11-24T23:30:00Z', 'UTC')).toEqual(['2026-11-24'])
  })

  it('finds local midnight across DST changes and in half-hour zones', () => {
    expect(localMidnight('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00Z')
    expect(localMidnight('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00Z')
    expect(localMidnight('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00Z')
    expect(localMidnight('2026-01-01', 'Asia/Kolkata')).toBe('2025-12-31T18:30:00Z')
    expect(localMidnight('2026-06-01', 'UTC')).toBe('2026-06-01T00:00:00Z')
  })

  it('gives each touched month its days and bounds', () => {
    const months = monthsOf(['2026-02-27', '2026-02-28', '2026-03-01'], 'Europe/Berlin')
    expect(months.map((m) => [m.key, m.days.length, m.from, m.to])).toEqual([
      ['2026-02', 28, '2026-01-31T23:00:00Z', '2026-02-28T23:00:00Z'],
      ['2026-03', 31, '2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z'],
    ])
  })

  it('counts the days holding data, not the following day recomputed for states past midnight', () => {
    // Seven days of dumps: the rebuild reports seven days (it reported eight).
    const week = kpiCoverage([{ min: '2026-11-01T00:00:00Z', max: '2026-11-07T23:45:00Z' }], 'UTC')
    expect(week.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07'])
    expect(week.months.map((m) => m.key)).toEqual(['2026-11'])
    // Data up to the month's last day: the next month is recomputed too, but not reported.
    const monthEnd = kpiCoverage([{ min: '2026-11-29T08:00:00Z', max: '2026-11-30T22:00:00Z' }], 'UTC')
    expect(monthEnd.days).toEqual(['2026-11-29', '2026-11-30'])
    expect(monthEnd.months.map((m) => m.key)).toEqual(['2026-11', '2026-12'])
  })

  it('covers ranges far apart without the months between them', () => {
    const apart = kpiCoverage(
      [
        { min: '2026-01-10T08:00:00Z', max: '2026-01-10T09:00:00Z' },
        { min: '2026-11-24T08:00:00Z', max: '2026-11-24T09:00:00Z' },
        { min: '2026-11-24T10:00:00Z', max: '2026-11-25T09:00:00Z' },
      ],
      'UTC',
    )
    expect(apart.days).toEqual(['2026-01-10', '2026-11-24', '2026-11-25'])
    expect(apart.months.map((m) => m.key)).toEqual(['2026-01', '2026-11'])
  })
})
