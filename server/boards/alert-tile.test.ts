import { describe, expect, it } from 'vitest'
import type { Alert } from '../alerts/alert-schemas.ts'
import { alertTileFilter, boardAlertFilters, matchesAlertTile, tileAlerts } from './alert-tile.ts'
import type { BoardInput } from './board-schemas.ts'

let nextId = 1
function alert(fields: Partial<Alert>): Alert {
  const id = nextId++
  return { id, ruleId: 1, ruleName: 'hot', key: `M0${id}`, labels: { machine_id: 'M01', sensor_id: 'M01-T1', line: 'L1' }, state: 'firing', severity: 'warning', since: '2026-12-01T10:00:00Z', updatedAt: '2026-12-01T10:00:00Z', value: 91, peak: 92, silenced: false, acknowledged: null, ...fields }
}

const inputs: BoardInput[] = [
  { kind: 'time-range', name: 'period', default: 'today' },
  { kind: 'machine', name: 'machine' },
  { kind: 'line', name: 'line', default: 'L1' },
]

describe('alertTileFilter', () => {
  it('fills what the tile leaves open from the board’s machine and line inputs, given or by default', () => {
    expect(alertTileFilter({}, inputs, {})).toEqual({ minSeverity: 'info', line: 'L1' })
    expect(alertTileFilter({}, inputs, { machine: 'M07', line: '' })).toEqual({ minSeverity: 'info', machine: 'M07' })
    expect(alertTileFilter({ machine: 'M02', line: 'L3', sensor: 'M02-T1', rule: 4, minSeverity: 'critical' }, inputs, { machine: 'M07' })).toEqual({ minSeverity: 'critical', machine: 'M02', line: 'L3', sensor: 'M02-T1', rule: 4 })
    expect(alertTileFilter({}, [], { machine: 'M07' })).toEqual({ minSeverity: 'info' })
  })
})

describe('matchesAlertTile', () => {
  const facts = { labels: { machine_id: 'M01', sensor_id: 'M01-T1', line: 'L1' }, severity: 'warning' as const, ruleId: 3 }
  it('needs every filter to match: severity at least, the rule, the labels', () => {
    expect(matchesAlertTile(facts, { minSeverity: 'info' })).toBe(true)
    expect(matchesAlertTile(facts, { minSeverity: 'warning', machine: 'M01', line: 'L1', sensor: 'M01-T1', rule: 3 })).toBe(true)
    expect(matchesAlertTile(facts, { minSeverity: 'critical' })).toBe(false)
    expect(matchesAlertTile(facts, { minSeverity: 'info', rule: 4 })).toBe(false)
    expect(matchesAlertTile(facts, { minSeverity: 'info', machine: 'M02' })).toBe(false)
    expect(matchesAlertTile(facts, { minSeverity: 'info', line: 'L2' })).toBe(false)
    expect(matchesAlertTile({ ...facts, labels: { machine_id: 'M01' } }, { minSeverity: 'info', sensor: 'M01-T1' })).toBe(false)
  })
})

describe('tileAlerts', () => {
  it('lists the active matches most severe first, firing before pending, then newest, cut to the limit', () => {
    const oldCritical = alert({ severity: 'critical', since: '2026-12-01T08:00:00Z' })
    const newCritical = alert({ severity: 'critical', since: '2026-12-01T09:00:00Z' })
    const pendingCritical = alert({ severity: 'critical', state: 'pending', since: '2026-12-01T11:00:00Z' })
    const warning = alert({ severity: 'warning', since: '2026-12-01T12:00:00Z' })
    const info = alert({ severity: 'info' })
    const resolved = alert({ severity: 'critical', state: 'resolved' })
    const elsewhere = alert({ severity: 'critical', labels: { machine_id: 'M09' } })
    const all = [info, warning, resolved, oldCritical, pendingCritical, newCritical, elsewhere]
    expect(tileAlerts(all, { minSeverity: 'info', machine: 'M01' }).alerts).toEqual([newCritical, oldCritical, pendingCritical, warning, info])
    expect(tileAlerts(all, { minSeverity: 'warning', machine: 'M01' }, 2)).toEqual({ alerts: [newCritical, oldCritical], total: 4 })
    expect(tileAlerts([resolved], { minSeverity: 'info' })).toEqual({ alerts: [], total: 0 })
  })
})

describe('boardAlertFilters', () => {
  it('takes each alerts tile of each board with the inputs at their defaults', () => {
    const tile = { id: 'a', kind: 'alerts' as const, title: '', x: 0, y: 0, w: 4, h: 3 }
    const boards = [
      { inputs, tiles: [{ ...tile, alerts: { minSeverity: 'critical' as const } }, { ...tile, id: 't', kind: 'table' as const, notebook: 1, cell: 'x' }] },
      { inputs: [], tiles: [{ ...tile, alerts: { machine: 'M03' } }] },
    ]
    expect(boardAlertFilters(boards)).toEqual([{ minSeverity: 'critical', line: 'L1' }, { minSeverity: 'info', machine: 'M03' }])
  })
})
