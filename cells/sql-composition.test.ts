import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import type { Notebook } from './cell.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EXAMPLES, loadExample } from './testdata/examples.ts'
import { composeCellSql, positionInCell } from './sql-composition.ts'

const testdata = join(import.meta.dirname, 'testdata')
const example = (path: string) => loadExample(readFileSync(join(testdata, `${path}.md`), 'utf8'), readFileSync(join(testdata, `${path}.references.json`), 'utf8'))

const issueExample: Notebook = {
  cells: [
    { kind: 'input', name: 'from', spec: { type: 'date', default: '2026-11-01' } },
    { kind: 'sql', name: 'oee', sql: 'select machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1' },
    { kind: 'sql', name: 'worst', sql: 'select * from oee order by oee limit 3;' },
    { kind: 'sql', name: 'own_with', sql: 'WITH w AS (select * from worst) select count(*) as n from w -- why' },
    { kind: 'sql', name: 'recursive', sql: 'with recursive r(i) as (select 1 union all select i + 1 from r where i < 3) select i from r, worst' },
  ],
}
const references = {
  oee: { tables: ['kpi.machine_daily'], parameters: ['from'] },
  worst: { tables: ['oee'], parameters: [] },
  own_with: { tables: ['worst'], parameters: [] },
  recursive: { tables: ['r', 'worst'], parameters: [] },
}

describe('composing a sql cell with the cells it reads', () => {
  it('leaves a cell that reads no cell as it is', () => {
    expect(composeCellSql(issueExample, 'oee', references)).toMatchObject({ sql: issueExample.cells[1]!.kind === 'sql' ? issueExample.cells[1]!.sql : '', parameters: ['from'] })
  })

  it('makes the cells it reads CTEs, transitively and dependencies first, parameters kept', () => {
    expect(composeCellSql(issueExample, 'own_with', references)).toMatchObject({
      sql: 'WITH "oee" AS (\nselect machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1\n),\n"worst" AS (\nselect * from oee order by oee limit 3\n) w AS (select * from worst) select count(*) as n from w -- why'.replace(') w AS', '), w AS'),
      parameters: ['from'],
    })
    expect(composeCellSql(issueExample, 'worst', references).sql).toBe(
      'WITH "oee" AS (\nselect machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1\n)\nselect * from oee order by oee limit 3',
    )
  })

  it("maps a position in the composed SQL back to the cell's own text", () => {
    const cell = (name: string) => issueExample.cells.find((c) => c.kind === 'sql' && c.name === name)! as { sql: string }
    const worst = composeCellSql(issueExample, 'worst', references)
    // `order` of the cell's `select * from oee order by …` is on the composed SQL's line 4.
    expect(positionInCell(worst, cell('worst').sql, 4, 20)).toEqual({ line: 1, column: 20 })
    expect(positionInCell(worst, cell('worst').sql, 2, 5)).toBeUndefined()
    const ownWith = composeCellSql(issueExample, 'own_with', references)
    expect(positionInCell(ownWith, cell('own_with').sql, 1, 1)).toEqual({ line: 1, column: 1 })
    const lastLine = ownWith.sql.split('\n').length
    const column = ownWith.sql.split('\n').at(-1)!.indexOf('count') + 1
    expect(positionInCell(ownWith, cell('own_with').sql, lastLine, column)).toEqual({ line: 1, column: cell('own_with').sql.indexOf('count') + 1 })
  })

  it('reads a cell the engine already holds instead of composing it', () => {
    expect(composeCellSql(issueExample, 'own_with', references, { available: new Set(['worst']) })).toMatchObject({ sql: issueExample.cells[3]!.kind === 'sql' ? issueExample.cells[3]!.sql : '', parameters: [] })
  })

  it('runs in DuckDB, each cell of the examples, with the parameters bound', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect()
    await db.run(`create schema kpi; create table kpi.machine_daily as select 'M' || (i % 3) as machine_id, date '2026-11-01' + (i // 3)::int as day, (i % 7) / 7.0 as oee, 0.9 as availability, 0.8 as performance, 0.95 as quality, (i % 5) / 50.0 as scrap_rate from range(30) t(i)`)
    await db.run(`create schema sensors; create table sensors.windows_1m as select 'S' || (i % 3) as sensor_id, 'M' || (i % 3) as machine_id, timestamptz '2026-11-01 00:00:00+00' + to_minutes(i * 97) as window_start, 20 + i % 11 as avg_c, 25 + i % 13 as max_c from range(300) t(i)`)
    await db.run(`create schema mes; create table mes.machine_states as select 'M' || (i % 3) as machine_id, case when i % 2 = 0 then 'DOWN' else 'RUNNING' end as state, timestamptz '2026-11-01 00:00:00+00' + to_minutes(i * 30) as start_time, timestamptz '2026-11-01 00:00:00+00' + to_minutes(i * 30 + 20) as end_time, case when i % 4 = 0 then null else 'R' || (i % 5) end as reason_code from range(100) t(i)`)
    const values: Record<string, string | number | null> = { from: '2026-11-01', period_from: '2026-11-02', period_to: '2026-11-05', machine: 'M1', since: '2026-11-01', top: 3 }
    const rowsOf = async (notebook: Notebook, name: string, refs: Parameters<typeof composeCellSql>[2]) => {
      const { sql, parameters } = composeCellSql(notebook, name, refs)
      const reader = await db.runAndReadAll(sql, Object.fromEntries(parameters.map((p) => [p, values[p] ?? null])))
      return reader.getRowObjectsJson()
    }
    for (const name of ['worst', 'own_with', 'recursive']) expect((await rowsOf(issueExample, name, references)).length).toBeGreaterThan(0)
    for (const path of EXAMPLES) {
      const { notebook, references: refs } = await example(path)
      for (const cell of notebook.cells) if (cell.kind === 'sql') expect(await rowsOf(notebook, cell.name, refs), `${path}: ${cell.name}`).not.toHaveLength(0)
    }
  })
})
