import { describe, expect, it } from 'vitest'
import { alertWhere, emptyText, filterText, sinceText, standingText, tileAlertsPath } from './alert-tile.ts'

describe('tileAlertsPath', () => {
  it('asks for the published version with the board’s inputs, the draft for editors, or through a kiosk link', () => {
    expect(tileAlertsPath({ board: 3, tile: 'alerts', version: 2, inputs: { machine: 'M07', line: undefined, period: '' } })).toBe('/api/boards/3/tiles/alerts/alerts?version=2&machine=M07')
    expect(tileAlertsPath({ board: 3, tile: 'alerts', draft: true, version: 2, inputs: {} })).toBe('/api/boards/3/tiles/alerts/alerts?draft=true')
    expect(tileAlertsPath({ board: 3, tile: 'hall-2', inputs: {}, base: '/api/kiosk/abc.def/boards' })).toBe('/api/kiosk/abc.def/boards/3/tiles/hall-2/alerts')
  })
})

describe('sinceText', () => {
  const now = new Date('2026-12-03T12:00:00Z')
  it('is the plant-local time today, with the date before today, in the reader’s locale', () => {
    expect(sinceText('2026-12-03T09:05:00Z', 'Europe/Berlin', now, ['en-GB'])).toBe('10:05')
    expect(sinceText('2026-12-03T09:05:00Z', 'America/Chicago', now, ['en-US'])).toBe('03:05 AM')
    expect(sinceText('2026-12-02T21:41:00Z', 'Europe/Berlin', now, ['en-GB'])).toBe('2 Dec, 22:41')
    // 23:30 UTC on the 2nd is already the 3rd in Berlin.
    expect(sinceText('2026-12-02T23:30:00Z', 'Europe/Berlin', now, ['de-DE'])).toBe('00:30')
  })
})

describe('standingText', () => {
  it('is a duration in the reader’s words, in the largest whole unit', () => {
    expect(standingText(27_000, ['en-GB'])).toBe('27 secs')
    expect(standingText(60_000 + 59_000, ['en-GB'])).toBe('1 min')
    expect(standingText(5 * 60_000, ['de-DE'])).toBe('5 Min.')
    expect(standingText(3 * 3_600_000, ['en-GB'])).toBe('3 hrs')
    expect(standingText(2 * 86_400_000 + 1, ['en-GB'])).toBe('2 days')
    expect(standingText(-5, ['en-GB'])).toBe('0 secs')
  })
})

describe('filterText and emptyText', () => {
  it('say which alerts the tile would list', () => {
    expect(filterText({ minSeverity: 'info' })).toBe('')
    expect(emptyText({})).toBe('No active alerts')
    expect(emptyText({ machine: 'M07', line: 'L2', sensor: 'M07-T1', minSeverity: 'warning', rule: 4 })).toBe('No active alerts (M07 · line L2 · sensor M07-T1 · warning or worse · rule 4)')
  })
})

describe('alertWhere', () => {
  it('names the sensor, else the machine, with the line; a SQL rule’s labels as they are', () => {
    expect(alertWhere({ machine_id: 'M07', sensor_id: 'M07-T1' })).toBe('M07-T1')
    expect(alertWhere({ machine_id: 'M07', line: 'L2', team: 'night' })).toBe('M07 · line L2')
    expect(alertWhere({ order_id: 'O-17', product: 'P-100' })).toBe('O-17 · P-100')
  })
})
