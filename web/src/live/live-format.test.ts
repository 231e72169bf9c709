import { describe, expect, it } from 'vitest'
import { age, celsius, plantClock, plantTick } from './live-format.ts'
import { freshness, STALE_AFTER_MS } from './sensor-freshness.ts'

const at = Date.parse('2026-12-03T12:50:13Z')

describe('the Live view’s formatting', () => {
  it('writes temperatures with one decimal and the unit, in the reader’s locale', () => {
    expect(celsius(71.349, ['en-US'])).toBe('71.3 °C')
    expect(celsius(71.35, ['de-DE'])).toBe('71,4 °C')
    expect(celsius(-3, ['en-GB'])).toBe('-3.0 °C')
  })

  it('writes times of day in the plant’s zone', () => {
    expect(plantClock(at, 'Europe/Berlin', ['en-GB'])).toBe('13:50:13 CET')
    expect(plantClock(at, 'Europe/Berlin', ['de-DE'])).toBe('13:50:13 MEZ')
    expect(plantTick(at, 'America/Chicago', ['en-GB'])).toBe('06:50')
  })

  it('writes ages as relative times', () => {
    expect(age(8_400, ['en'])).toBe('8 sec. ago')
    expect(age(185_000, ['en'])).toBe('3 min. ago')
    expect(age(2 * 3_600_000 + 5, ['en'])).toBe('2 hr. ago')
  })
})

describe('a sensor’s freshness', () => {
  it('is fresh until its newest reading is older than the limit, then stale since that reading', () => {
    expect(freshness(at, at + STALE_AFTER_MS)).toEqual({ state: 'fresh' })
    expect(freshness(at, at + STALE_AFTER_MS + 1)).toEqual({ state: 'stale', since: at, ageMs: STALE_AFTER_MS + 1 })
    expect(freshness(undefined, at)).toEqual({ state: 'fresh' })
  })
})
