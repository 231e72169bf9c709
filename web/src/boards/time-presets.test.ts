import { describe, expect, it } from 'vitest'
import { describeRange, fromWallClock, presetRange, zoneOffsetMs } from './time-presets.ts'

const BERLIN = 'Europe/Berlin'
const iso = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()]

describe('time presets', () => {
  it('knows the plant zone offset, summer and winter', () => {
    expect(zoneOffsetMs(BERLIN, new Date('2026-12-03T12:00:00Z'))).toBe(3_600_000)
    expect(zoneOffsetMs(BERLIN, new Date('2026-07-03T12:00:00Z'))).toBe(7_200_000)
    expect(fromWallClock(BERLIN, new Date('2026-12-03T06:00:00Z')).toISOString()).toBe('2026-12-03T05:00:00.000Z')
  })

  it('resolves shifts 06–14, 14–22, 22–06 plant-local', () => {
    // 15:30 Berlin: the 14–22 shift.
    const now = new Date('2026-12-03T14:30:00Z')
    expect(iso(presetRange('this-shift', BERLIN, now))).toEqual(['2026-12-03T13:00:00.000Z', '2026-12-03T14:30:00.000Z'])
    expect(iso(presetRange('last-shift', BERLIN, now))).toEqual(['2026-12-03T05:00:00.000Z', '2026-12-03T13:00:00.000Z'])
    // 03:00 Berlin: the night shift began yesterday at 22:00.
    const night = new Date('2026-12-03T02:00:00Z')
    expect(iso(presetRange('this-shift', BERLIN, night))[0]).toBe('2026-12-02T21:00:00.000Z')
    expect(iso(presetRange('last-shift', BERLIN, night))[0]).toBe('2026-12-02T13:00:00.000Z')
  })

  it('resolves days in the plant zone', () => {
    const now = new Date('2026-12-03T14:30:00Z')
    expect(iso(presetRange('today', BERLIN, now))).toEqual(['2026-12-02T23:00:00.000Z', '2026-12-03T14:30:00.000Z'])
    expect(iso(presetRange('yesterday', BERLIN, now))).toEqual(['2026-12-01T23:00:00.000Z', '2026-12-02T23:00:00.000Z'])
    expect(iso(presetRange('last-7-days', BERLIN, now))[0]).toBe('2026-11-26T23:00:00.000Z')
    expect(iso(presetRange('last-24-hours', BERLIN, now))[0]).toBe('2026-12-02T14:30:00.000Z')
    // Across the change to summer time: the day starts at 00:00 local, 23:00 UTC the day before.
    expect(presetRange('today', BERLIN, new Date('2026-03-29T12:00:00Z')).from.toISOString()).toBe('2026-03-28T23:00:00.000Z')
  })

  it('says a range in the plant zone and the reader locale', () => {
    const now = new Date('2026-12-03T14:30:00Z')
    expect(describeRange(presetRange('this-shift', BERLIN, now), BERLIN, now, ['de-DE'])).toBe('14:00 – now')
    expect(describeRange(presetRange('last-shift', BERLIN, now), BERLIN, now, ['en-GB'])).toBe('06:00 – 14:00')
    expect(describeRange(presetRange('yesterday', BERLIN, now), BERLIN, now, ['de-DE'])).toBe('02.12., 00:00 – 03.12., 00:00')
  })
})
