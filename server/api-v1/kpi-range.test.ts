import { describe, expect, it } from 'vitest'
import { daysInRange, kpiRangeQuery, resolveKpiRange } from './kpi-range.ts'

describe('KPI day ranges', () => {
  const today = () => '2026-12-03'
  const daily = kpiRangeQuery('daily', {}, today)
  const hourly = kpiRangeQuery('hourly', {}, today)

  it('count both ends', () => {
    expect(daysInRange('2026-11-01', '2026-11-01')).toBe(1)
    expect(daysInRange('2026-02-27', '2026-03-01')).toBe(3)
  })

  it('accept a range within the grain’s maximum', () => {
    expect(daily.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success).toBe(true)
    expect(hourly.safeParse({ from: '2026-11-01', to: '2026-12-01' }).success).toBe(true)
  })

  it('default to the last 7 plant-local days, today included', () => {
    expect(daily.safeParse({}).success).toBe(true)
    expect(hourly.safeParse({}).success).toBe(true)
    expect(resolveKpiRange({}, '2026-12-03')).toEqual({ from: '2026-11-27', to: '2026-12-03' })
    expect(resolveKpiRange({}, '2026-03-01')).toEqual({ from: '2026-02-23', to: '2026-03-01' })
    expect(daysInRange('2026-11-27', '2026-12-03')).toBe(7)
  })

  it('fill in only the end that is missing', () => {
    expect(resolveKpiRange({ to: '2026-11-30' }, '2026-12-03')).toEqual({ from: '2026-11-24', to: '2026-11-30' })
    expect(resolveKpiRange({ from: '2026-11-01' }, '2026-12-03')).toEqual({ from: '2026-11-01', to: '2026-12-03' })
    expect(resolveKpiRange({ from: '2026-11-01', to: '2026-11-02' }, '2026-12-03')).toEqual({ from: '2026-11-01', to: '2026-11-02' })
  })

  it.each([
    ['to before from', { from: '2026-11-02', to: '2026-11-01' }, 'to', 'must not be before from'],
    ['a daily range over a year', { from: '2025-01-01', to: '2026-01-02' }, 'to', 'at most 366 days'],
    ['a start after today with no end', { from: '2026-12-10' }, 'to', 'must not be before from'],
    ['not a calendar day', { from: '2026-02-30', to: '2026-03-01' }, 'from', ''],
    ['a timestamp instead of a day', { from: '2026-11-01T00:00:00Z', to: '2026-11-02' }, 'from', ''],
  ])('reject %s, naming the field', (_, query, field, message) => {
    const result = daily.safeParse(query)
    expect(result.success).toBe(false)
    const issue = result.error!.issues[0]!
    expect(issue.path).toEqual([field])
    expect(issue.message).toContain(message)
  })

  it('name a malformed or empty end as the field at fault instead of failing on it', () => {
    const cases: [Record<string, string>, string][] = [[{ to: '' }, 'to'], [{ from: '' }, 'from'], [{ from: '2026-11-01', to: 'x' }, 'to'], [{ from: '2026-13-45' }, 'from']]
    for (const [query, field] of cases) {
      expect(daily.safeParse(query).error?.issues.map((issue) => issue.path.join('.'))).toEqual([field])
    }
  })

  it('hold hourly ranges to a month', () => {
    const result = hourly.safeParse({ from: '2026-11-01', to: '2026-12-02' })
    expect(result.error?.issues[0]?.message).toContain('at most 31 days for hourly')
    expect(hourly.safeParse({ from: '2026-10-01' }).error?.issues[0]?.message).toContain('at most 31 days for hourly')
  })
})
