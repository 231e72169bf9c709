import { describe, expect, it } from 'vitest'
import { daysInRange, kpiRangeQuery } from './kpi-range.ts'

describe('KPI day ranges', () => {
  const daily = kpiRangeQuery('daily', {})
  const hourly = kpiRangeQuery('hourly', {})

  it('count both ends', () => {
    expect(daysInRange('2026-11-01', '2026-11-01')).toBe(1)
    expect(daysInRange('2026-02-27', '2026-03-01')).toBe(3)
  })

  it('accept a range within the grain’s maximum', () => {
    expect(daily.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success).toBe(true)
    expect(hourly.safeParse({ from: '2026-11-01', to: '2026-12-01' }).success).toBe(true)
  })

  it.each([
    ['to before from', { from: '2026-11-02', to: '2026-11-01' }, 'to', 'must not be before from'],
    ['a daily range over a year', { from: '2025-01-01', to: '2026-01-02' }, 'to', 'at most 366 days'],
    ['not a calendar day', { from: '2026-02-30', to: '2026-03-01' }, 'from', ''],
    ['a timestamp instead of a day', { from: '2026-11-01T00:00:00Z', to: '2026-11-02' }, 'from', ''],
    ['a missing end', { from: '2026-11-01' }, 'to', ''],
  ])('reject %s, naming the field', (_, query, field, message) => {
    const result = daily.safeParse(query)
    expect(result.success).toBe(false)
    const issue = result.error!.issues[0]!
    expect(issue.path).toEqual([field])
    expect(issue.message).toContain(message)
  })

  it('hold hourly ranges to a month', () => {
    const result = hourly.safeParse({ from: '2026-11-01', to: '2026-12-02' })
    expect(result.error?.issues[0]?.message).toContain('at most 31 days for hourly')
  })
})
