import { afterAll, describe, expect, it } from 'vitest'
import { parseNotebookFile } from '../../cells/index.ts'
import { duckDbReferencePort } from '../notebooks/duckdb-references.ts'
import { planTile } from './tile-plan.ts'

const port = duckDbReferencePort()
afterAll(() => port.close())

const notebook = parseNotebookFile(
  [
    '# Plan',
    '```input period',
    '{"type": "date-range"}',
    '```',
    '```sql daily',
    'select day, avg(oee) as oee from kpi.machine_daily where day between $period_from and $period_to group by day',
    '```',
    '```sql best',
    'with ranked as (select * from daily order by oee desc) select * from ranked join mes.orders using (day) limit 1',
    '```',
    '```plot chart',
    '{"data": "daily", "marks": [{"type": "lineY", "x": "day", "y": "oee"}]}',
    '```',
    '```sql broken',
    'select * from nowhere_cell where x = $missing',
    '```',
    '```sql reads_broken',
    'select * from broken',
    '```',
    '```live temps',
    '{"spanMinutes": 5}',
    '```',
    '',
  ].join('\n'),
)

describe('planTile', () => {
  it('composes a sql cell with its upstream and names the catalog tables it reads, existing or not', async () => {
    const plan = await planTile(notebook, { cell: 'best', kind: 'table' }, port, [])
    expect(plan).toMatchObject({ type: 'sql', cell: 'best', tables: ['kpi.machine_daily', 'mes.orders'] })
    if (plan.type !== 'sql') throw new Error('not sql')
    expect(plan.composed.sql).toContain('"daily" AS (')
    expect(plan.composed.parameters.sort()).toEqual(['period_from', 'period_to'])
  })

  it('runs a chart’s data cell and keeps its spec', async () => {
    expect(await planTile(notebook, { cell: 'chart', kind: 'chart' }, port, [])).toMatchObject({ type: 'sql', cell: 'daily', tables: ['kpi.machine_daily'], spec: { data: 'daily' } })
  })

  it('answers live and markdown cells without SQL, and a graph error upstream as the tile’s error', async () => {
    expect(await planTile(notebook, { cell: 'temps', kind: 'live' }, port, [])).toEqual({ type: 'static', spec: { spanMinutes: 5 } })
    expect(await planTile(notebook, { cell: 'markdown-0', kind: 'markdown' }, port, [])).toEqual({ type: 'static', markdown: '# Plan\n' })
    const failed = await planTile(notebook, { cell: 'reads_broken', kind: 'table' }, port, [])
    expect(failed).toMatchObject({ type: 'error', error: { code: 'unknown-name' } })
    if (failed.type === 'error') expect(failed.error.message).toContain('broken, which reads_broken reads')
  })
})
