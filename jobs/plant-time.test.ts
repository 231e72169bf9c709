import { describe, expect, it } from 'vitest'
import { assertDay, isoUtc, localDayBounds, localToUtc, naiveLocal } from './plant-time.ts'

const utc = (day: string, time: string, tz: string) => isoUtc(localToUtc(day, time, tz))

describe('plant-local time', () => {
  it('finds a day of 23 or 25 hours at the DST changes', () => {
    const hours = (day: string, tz: string) => {
      const { start, end } = localDayBounds(day, tz)
      return (end - start) / 3_600_000
    }
    expect([hours('2026-03-29', 'Europe/Berlin'), hours('2026-10-25', 'Europe/Berlin'), hours('2026-11-24', 'Europe/Berlin')]).toEqual([23, 25, 24])
    expect(hours('2026-11-01', 'America/New_York')).toBe(25)
    expect(isoUtc(localDayBounds('2026-11-24', 'Asia/Kathmandu').start)).toBe('2026-11-23T18:15:00Z')
  })

  it('maps skipped wall times past the jump and repeated ones to the earlier instant', () => {
    expect(utc('2026-03-29', '02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00Z')
    expect(utc('2026-03-08', '02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00Z')
    expect(utc('2026-03-08', '03:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00Z')
    expect(utc('2026-10-25', '02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00Z')
    expect(utc('2026-11-01', '01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00Z')
  })

  it('writes naive local timestamps', () => {
    expect(naiveLocal(Date.parse('2026-07-01T10:15:30Z'), 'Europe/Berlin')).toBe('2026-07-01 12:15:30')
    expect(naiveLocal(Date.parse('2026-07-01T10:15:30Z'), 'UTC')).toBe('2026-07-01 10:15:30')
  })

  it('refuses days that do not exist', () => {
    expect(() => assertDay('2026-02-29')).toThrow(RangeError)
    expect(() => assertDay('26-11-24')).toThrow(RangeError)
    expect(() => assertDay('2028-02-29')).not.toThrow()
  })
})
