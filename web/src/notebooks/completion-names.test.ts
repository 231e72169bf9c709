import { describe, expect, it } from 'vitest'
import type { CellRun } from '../lib/api.ts'
import { notebookNames } from './completion-names.ts'
import { parseCells } from './editor-cells.ts'

const file = `# OEE

\`\`\`input period
{"type": "date-range", "default": {"from": "today-6", "to": "today"}}
\`\`\`

\`\`\`input machine
{"type": "machine"}
\`\`\`

\`\`\`input half
{"type": "dat
\`\`\`

\`\`\`sql daily
select * from kpi.machine_daily where day between $period_from and $period_to
\`\`\`

\`\`\`sql worst
select * from daily
\`\`\`

\`\`\`plot chart
{"data": "daily", "marks": []}
\`\`\`
`

describe('the names completion offers in a sql cell', () => {
  it("lists sql cells with their last result's columns, and every input's parameters", () => {
    const results: Record<string, CellRun> = { daily: { name: 'daily', kind: 'sql', status: 'ok', columns: [{ name: 'oee', type: 'DOUBLE' }], rows: [] } }
    expect(notebookNames(parseCells(file), results, 'worst')).toEqual({
      self: 'worst',
      cells: [{ name: 'daily', columns: [{ name: 'oee', type: 'DOUBLE' }] }, { name: 'worst' }],
      parameters: [
        { name: 'period_from', input: 'period' },
        { name: 'period_to', input: 'period' },
        { name: 'machine', input: 'machine' },
        // A half-typed spec still binds its name.
        { name: 'half', input: 'half' },
      ],
    })
  })
})
