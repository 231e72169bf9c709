import { describe, expect, it } from 'vitest'
import type { Notebook } from './cell.ts'
import { parseNotebookFile } from './notebook-file.ts'
import { formatNotebookFile } from './notebook-file-format.ts'
import { renameCell } from './rename.ts'
import { fakeReferencePort } from './testdata/fake-reference-port.ts'

const file = [
  '# OEE since ${from}',
  '```input from',
  '{"type": "date", "default": "2026-11-01"}',
  '```',
  '```sql oee',
  "select machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from and note <> '$from oee' group by 1",
  '```',
  '```sql worst',
  'select oee.machine_id, oee -- the worst oee',
  'from oee order by oee limit 3',
  '```',
  '```input machine',
  '{"type": "dropdown", "optionsFrom": "oee"}',
  '```',
  '```plot chart',
  '{"data": "oee", "marks": [{"type": "barY", "x": "machine_id", "y": "oee"}]}',
  '```',
  'Best: ${oee}, not \\${oee}.',
  '',
].join('\n')

const OEE = "select machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from and note <> '$from oee' group by 1"
const WORST = 'select oee.machine_id, oee -- the worst oee\nfrom oee order by oee limit 3'
const refs = (tables: string[], parameters: string[] = []) => ({ tables, parameters })

describe('renaming a cell', () => {
  it('rewrites the table it is read as (asking the parser), qualified columns, plot data, optionsFrom and markdown', async () => {
    const port = fakeReferencePort({
      [OEE]: refs(['kpi.machine_daily'], ['from']),
      [WORST]: refs(['oee']),
      // Each candidate token of worst tried renamed: only the one after FROM turns into a table.
      ['select oee.machine_id, best -- the worst oee\nfrom oee order by oee limit 3']: refs(['oee']),
      ['select oee.machine_id, oee -- the worst oee\nfrom best order by oee limit 3']: refs(['best']),
      ['select oee.machine_id, oee -- the worst oee\nfrom oee order by best limit 3']: refs(['oee']),
    })
    const result = await renameCell(parseNotebookFile(file), 'oee', 'best', port)
    if (!result.ok) throw new Error(result.error)
    expect(result.rewritten).toEqual(['worst', 'machine', 'chart', 'markdown-6'])
    expect(formatNotebookFile(result.notebook)).toBe(
      file
        .replace('```sql oee', '```sql best')
        .replace(WORST, 'select best.machine_id, oee -- the worst oee\nfrom best order by oee limit 3')
        .replace('"optionsFrom": "oee"', '"optionsFrom": "best"')
        .replace('{"data": "oee"', '{"data": "best"')
        .replace('Best: ${oee}', 'Best: ${best}'),
    )
  })

  it('rewrites $parameters of an input, never inside strings, and a date range\'s two', async () => {
    const port = fakeReferencePort({ [OEE]: refs(['kpi.machine_daily'], ['from']), [WORST]: refs(['oee']) })
    const result = await renameCell(parseNotebookFile(file), 'from', 'since', port)
    if (!result.ok) throw new Error(result.error)
    expect(result.notebook.cells[2]).toMatchObject({ sql: OEE.replace('>= $from', '>= $since') })
    expect(result.notebook.cells[0]).toEqual({ kind: 'markdown', text: '# OEE since ${since}\n' })

    const range: Notebook = {
      cells: [
        { kind: 'input', name: 'period', spec: { type: 'date-range' } },
        { kind: 'sql', name: 'q', sql: 'select * from t where day between $period_from and $period_to' },
      ],
    }
    const renamed = await renameCell(range, 'period', 'days', fakeReferencePort({ [range.cells[1]!.kind === 'sql' ? range.cells[1]!.sql : '']: refs(['t'], ['period_from', 'period_to']) }))
    expect(renamed.ok && renamed.notebook.cells[1]).toMatchObject({ sql: 'select * from t where day between $days_from and $days_to' })
  })

  it('refuses a taken or invalid name and an unknown cell', async () => {
    const notebook = parseNotebookFile(file)
    const port = fakeReferencePort({})
    expect(await renameCell(notebook, 'oee', 'worst', port)).toEqual({ ok: false, error: 'the name worst is already used' })
    expect(await renameCell(notebook, 'oee', 'Best', port)).toMatchObject({ ok: false, error: expect.stringContaining('is no cell name') })
    expect(await renameCell(notebook, 'nope', 'x', port)).toEqual({ ok: false, error: 'no cell is named nope' })
  })
})
