import { describe, expect, it } from 'vitest'
import type { CellRun } from '../lib/api.ts'
import { newCell } from './editor-cells.ts'
import { boundInputs } from './bound-inputs.ts'

describe('the values parameters are bound to', () => {
  const cells = [newCell('input', 'machine', '{"type": "dropdown", "optionsFrom": "machines"}'), newCell('input', 'from', '{"type": "date"}')]
  const machines: CellRun = { name: 'machines', kind: 'sql', status: 'ok', rows: [['M01'], ['M02']] }

  it('a dropdown nobody chose takes the first option once its options cell answered', () => {
    expect(boundInputs(cells, { machine: null, from: '2026-11-01' }, {})).toEqual({ machine: null, from: '2026-11-01' })
    expect(boundInputs(cells, { machine: null, from: '2026-11-01' }, { machines })).toEqual({ machine: 'M01', from: '2026-11-01' })
  })

  it('a chosen value stays', () => {
    expect(boundInputs(cells, { machine: 'M02' }, { machines }).machine).toBe('M02')
  })
})
