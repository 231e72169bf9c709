import { describe, expect, it } from 'vitest'
import { boardInputsOfTile, defaultInputValues, inputsChanged, readsAnyOf } from './tile-inputs.ts'
import { tileDataPath } from './tile-query.ts'

const boardInputs = ['period', 'machine']

describe('tile inputs', () => {
  it('maps the cell inputs a run bound to board inputs, through bind', () => {
    expect(boardInputsOfTile({}, boardInputs, { period: ['2026-12-01', '2026-12-03'], threshold: 3 })).toEqual(new Set(['period']))
    expect(boardInputsOfTile({ bind: { days: 'period', m: 'machine' } }, boardInputs, { days: [], m: 'M01' })).toEqual(new Set(['period', 'machine']))
    expect(boardInputsOfTile({}, boardInputs, {})).toEqual(new Set())
    expect(boardInputsOfTile({}, boardInputs, undefined)).toBeUndefined()
  })

  it('counts an input the statement binds with no value from the board (null) as read', () => {
    expect(boardInputsOfTile({}, boardInputs, { period: [], machine: null })).toEqual(new Set(['period', 'machine']))
    expect(boardInputsOfTile({}, boardInputs, { period: [] })).toEqual(new Set(['period']))
  })

  it('re-runs a tile only when an input it reads changed', () => {
    const used = { period: 'today', machine: undefined }
    expect(inputsChanged(used, { period: 'today', machine: 'M02' }, new Set(['period']))).toBe(false)
    expect(inputsChanged(used, { period: 'this-shift', machine: undefined }, new Set(['period']))).toBe(true)
    expect(inputsChanged(used, { period: 'this-shift', machine: 'M02' }, new Set())).toBe(false)
    // Before its first run, or reads unknown: any change counts.
    expect(inputsChanged(undefined, used, new Set())).toBe(true)
    expect(inputsChanged(used, { period: 'today', machine: 'M02' }, undefined)).toBe(true)
  })

  it('opens with the inputs’ defaults', () => {
    expect(defaultInputValues([{ kind: 'time-range', name: 'period', default: 'today' }, { kind: 'machine', name: 'machine' }])).toEqual({ period: 'today', machine: undefined })
  })

  it('matches committed tables to the tables a tile read', () => {
    expect(readsAnyOf(['kpi.machine_daily'], ['mes.orders', 'KPI.machine_daily'])).toBe(true)
    expect(readsAnyOf(['kpi.machine_daily'], ['sensors.readings'])).toBe(false)
    expect(readsAnyOf(undefined, ['kpi.machine_daily'])).toBe(false)
  })

  it('asks for a tile’s data with its version, snapshot and inputs', () => {
    expect(tileDataPath({ board: 4, tile: 'oee', version: 2, asOf: 17, inputs: { period: 'today', machine: undefined } })).toBe('/api/boards/4/tiles/oee/data?format=json&version=2&asOf=17&period=today')
    expect(tileDataPath({ board: 4, tile: 'oee', draft: true, inputs: {}, format: 'csv' })).toBe('/api/boards/4/tiles/oee/data?format=csv&draft=true')
  })
})
