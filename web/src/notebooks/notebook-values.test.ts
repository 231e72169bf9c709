import { describe, expect, it } from 'vitest'
import { parseCells } from './editor-cells.ts'
import { inputValues, runInputs } from './notebook-values.ts'

const FILE = [
  '```input period',
  '{"type": "date-range", "default": {"from": "2026-11-01", "to": "2026-11-07"}}',
  '```',
  '',
  '```input machine',
  '{"type": "dropdown", "options": ["M01", "M02"]}',
  '```',
  '',
  '```sql daily',
  'select * from kpi.machine_daily where day between $period_from and $period_to and machine_id = $machine',
  '```',
  '',
].join('\n')

describe('the values of a notebook run', () => {
  const cells = parseCells(FILE)

  it('bind a date range as its two parameters in the editor', () => {
    expect(inputValues(cells, { machine: 'M02' }, '2026-12-03')).toEqual({ period_from: '2026-11-01', period_to: '2026-11-07', machine: 'M02' })
  })

  it('go to the server by input cell: a date range as its [from, to] pair, never as its parameters', () => {
    const values = inputValues(cells, { period_from: '2026-11-03', machine: 'M02' }, '2026-12-03')
    expect(runInputs(cells, values)).toEqual({ period: ['2026-11-03', '2026-11-07'], machine: 'M02' })
  })

  it('leave out a range with an open end, so the server takes its default', () => {
    expect(runInputs(cells, { period_from: null, period_to: '2026-11-07', machine: 'M01' })).toEqual({ machine: 'M01' })
  })
})
