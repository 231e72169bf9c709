import { afterEach, describe, expect, it, vi } from 'vitest'
import { browserLocales, count } from './locale.ts'
import { duration, plantTime, zoneLabel } from './plant-time.ts'

const instant = '2026-12-03T12:50:13Z'

afterEach(() => vi.unstubAllGlobals())

describe('plant time', () => {
  it('writes the plant-local time in the reader’s own format, naming the zone', () => {
    expect(plantTime(instant, 'Europe/Berlin', ['de-DE'])).toBe('03.12.2026, 13:50:13 MEZ')
    expect(plantTime(instant, 'Europe/Berlin', ['en-GB'])).toBe('03/12/2026, 13:50:13 CET')
    expect(plantTime(instant, 'America/Chicago', ['en-US'])).toBe('12/03/2026, 06:50:13 AM CST')
    expect(plantTime(instant, 'UTC', ['en-US'])).toBe('12/03/2026, 12:50:13 PM UTC')
  })

  it('follows the zone’s daylight saving time', () => {
    expect(plantTime('2026-07-01T12:00:00Z', 'Europe/Berlin', ['en-GB'])).toBe('01/07/2026, 14:00:00 CEST')
  })

  it('uses the browser’s locales when none are given', () => {
    vi.stubGlobal('navigator', { languages: ['de-DE', 'en'] })
    expect(browserLocales()).toEqual(['de-DE', 'en'])
    expect(plantTime(instant, 'Europe/Berlin')).toBe('03.12.2026, 13:50:13 MEZ')
    expect(count(1234567)).toBe('1.234.567')
    vi.stubGlobal('navigator', { languages: ['en-US'] })
    expect(plantTime(instant, 'Europe/Berlin')).toBe('12/03/2026, 01:50:13 PM GMT+1')
    expect(count(1234567)).toBe('1,234,567')
  })

  it('falls back to Intl’s default locale without a navigator or its languages', () => {
    vi.stubGlobal('navigator', undefined)
    expect(browserLocales()).toBeUndefined()
    vi.stubGlobal('navigator', { languages: [] })
    expect(browserLocales()).toBeUndefined()
    expect(plantTime(instant, 'Europe/Berlin')).toBe(new Intl.DateTimeFormat(undefined, { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(new Date(instant)))
  })

  it('shows a dash for no time and an unparsable value as it came', () => {
    expect(plantTime(null, 'UTC', ['en-GB'])).toBe('–')
    expect(plantTime(undefined, 'UTC', ['en-GB'])).toBe('–')
    expect(plantTime('not a time', 'UTC', ['en-GB'])).toBe('not a time')
  })

  it('labels the zone with its name and abbreviation for headings', () => {
    expect(zoneLabel('Europe/Berlin', ['en-GB'], new Date(instant))).toBe('Europe/Berlin, CET')
    expect(zoneLabel('Europe/Berlin', ['de-DE'], new Date('2026-07-01T12:00:00Z'))).toBe('Europe/Berlin, MESZ')
    expect(zoneLabel('UTC', ['en-GB'], new Date(instant))).toBe('UTC')
  })

  it('writes durations in seconds with the reader’s decimal sign', () => {
    expect(duration('2026-12-03T12:00:00Z', '2026-12-03T12:00:02.5Z', ['en-GB'])).toBe('2.5 s')
    expect(duration('2026-12-03T12:00:00Z', '2026-12-03T12:00:02.5Z', ['de-DE'])).toBe('2,5 s')
    expect(duration('2026-12-03T12:00:00Z', '2026-12-03T12:01:00Z', ['en-GB'])).toBe('60 s')
    expect(duration('2026-12-03T12:00:00Z', '2026-12-03T15:00:00Z', ['en-US'])).toBe('10,800 s')
  })
})
