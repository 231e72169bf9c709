import { describe, expect, it } from 'vitest'
import { parseCells } from './editor-cells.ts'
import { renameInSqlText, renameReferences } from './rename-references.ts'

describe('renaming a cell in the editor', () => {
  it('renames the cell where SQL reads it as a table, not a column or a string of the same name', () => {
    const rename = { table: { from: 'oee', to: 'oee_week' } }
    expect(renameInSqlText("select oee, 'oee' as label from oee where oee > 0.5 -- from oee", rename)).toBe("select oee, 'oee' as label from oee_week where oee > 0.5 -- from oee")
    expect(renameInSqlText('select * from kpi.oee join oee on true', rename)).toBe('select * from kpi.oee join oee_week on true')
    expect(renameInSqlText('select a.x from daily as a, oee as b', rename)).toBe('select a.x from daily as a, oee_week as b')
  })

  it('renames parameters of a renamed input, and its date range’s pair', () => {
    const cells = parseCells('```input period\n{"type": "date-range"}\n```\n\n```sql q\nselect * from t where day between $period_from and $period_to\n```\n\nFrom ${period_from}.\n')
    cells[0]!.name = 'span'
    renameReferences(cells, cells[0]!, 'period')
    expect(cells[1]!.body).toBe('select * from t where day between $span_from and $span_to')
    expect(cells[2]!.body).toBe('From ${span_from}.')
  })

  it('points plots, dropdowns and markdown at the new name, leaving the rest of their text alone', () => {
    const cells = parseCells('```sql daily\nselect 1\n```\n\n```plot chart\n{"data": "daily", "marks": [{"type": "dot", "x": "daily"}]}\n```\n\n```input m\n{"type": "dropdown", "optionsFrom": "daily"}\n```\n\nBest: ${daily}\n')
    cells[0]!.name = 'per_day'
    renameReferences(cells, cells[0]!, 'daily')
    expect(cells[1]!.body).toBe('{"data": "per_day", "marks": [{"type": "dot", "x": "daily"}]}')
    expect(cells[2]!.body).toBe('{"type": "dropdown", "optionsFrom": "per_day"}')
    expect(cells[3]!.body).toBe('Best: ${per_day}')
  })
})
