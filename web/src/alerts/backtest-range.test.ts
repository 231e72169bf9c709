import { describe, expect, it } from 'vitest'
import { MAX_BACKTEST_DAYS as SERVER_MAX } from '../../../server/alerts/alert-schemas.ts'
import { checkRange, fromPlantInput, MAX_BACKTEST_DAYS, toPlantInput } from './backtest-range.ts'

const NOW = Date.parse('2026-12-03T12:00:00Z')
const BERLIN = 'Europe/Berlin'

describe('a typed backtest range', () => {
  it('is read in plant time, both ways', () => {
    expect(fromPlantInput('2026-12-03T06:00', BERLIN)?.toISOString()).toBe('2026-12-03T05:00:00.000Z')
    expect(fromPlantInput('2026-07-01T06:00', BERLIN)?.toISOString()).toBe('2026-07-01T04:00:00.000Z')
    expect(toPlantInput(new Date('2026-12-03T05:00:00Z'), BERLIN)).toBe('2026-12-03T06:00')
    expect(fromPlantInput('yesterday', BERLIN)).toBeUndefined()
    expect(fromPlantInput('2026-13-45T06:00', BERLIN)).toBeUndefined()
  })

  it('is sent as instants when it is a past range of at most the server’s days', () => {
    expect(checkRange('2026-12-01T06:00', '2026-12-02T06:00', BERLIN, NOW)).toEqual({ ok: true, from: '2026-12-01T05:00:00.000Z', to: '2026-12-02T05:00:00.000Z' })
    expect(checkRange('2026-11-02T06:00', '2026-12-03T06:00', BERLIN, NOW).ok).toBe(true)
    expect(MAX_BACKTEST_DAYS).toBe(SERVER_MAX)
  })

  it('says what is wrong at the field at fault', () => {
    expect(checkRange('', '2026-12-02T06:00', BERLIN, NOW)).toMatchObject({ ok: false, field: 'from', message: 'pick when the range starts' })
    expect(checkRange('2026-12-01T06:00', 'soon', BERLIN, NOW)).toMatchObject({ ok: false, field: 'to', message: 'not a date and time' })
    expect(checkRange('2026-12-02T06:00', '2026-12-02T06:00', BERLIN, NOW)).toMatchObject({ ok: false, field: 'to', message: 'must be after the start' })
    expect(checkRange('2026-11-01T06:00', '2026-12-03T06:00', BERLIN, NOW)).toMatchObject({ ok: false, field: 'to', message: 'at most 31 days after the start' })
    expect(checkRange('2026-12-04T06:00', '2026-12-05T06:00', BERLIN, NOW)).toMatchObject({ ok: false, field: 'from', message: expect.stringMatching(/^must be in the past/) })
  })
})
