/**
 * The runner against a fake SQL service (what it sends, what it answers) and DuckDB's real
 * parser: one composed statement per sql cell with bound parameters, results in file order,
 * errors mapped into the cell's own text, dependants skipped, graph errors on their cells.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { parseNotebookFile } from '../../cells/index.ts'
import { SqlError } from '../sql/sql-errors.ts'
import type { SqlQuery, SqlService } from '../sql/sql-service.ts'
import { duckDbReferencePort } from './duckdb-references.ts'
import { runNotebook } from './run-notebook.ts'

const references = duckDbReferencePort()
afterAll(() => references.close())

function fakeSql(answer: (query: SqlQuery) => unknown[][]): { service: SqlService; queries: SqlQuery[] } {
  const queries: SqlQuery[] = []
  const service = {
    async query(query: SqlQuery) {
      queries.push(query)
      return { columns: [{ name: 'v', type: 'INTEGER' }], rows: answer(query), rowCount: 1, truncated: false, elapsedMs: 1 }
    },
  } as unknown as SqlService
  return { service, queries }
}

const file = '# T\n\n```input n\n{"type": "number", "default": 2}\n```\n```sql a\nselect $n as v\n```\n```sql b\nselect v\nfrom a\nwhere nope\n```\n```sql c\nselect * from b\n```\n```sql d\nselect * from d\n```\n'

describe('running a notebook', () => {
  it('sends each sql cell as one statement with its upstream cells as CTEs and the inputs bound', async () => {
    const { service, queries } = fakeSql((query) => {
      if (query.sql.includes('nope')) throw new SqlError('invalid_sql', 'Binder Error: column nope not found', { line: query.sql.split('\n').findIndex((line) => line.includes('nope')) + 1, column: 7 })
      return [[3]]
    })
    const result = await runNotebook({ sql: service, references }, parseNotebookFile(file), { inputs: { n: 3 }, user: 'ana' })
    expect(queries[0]).toMatchObject({ sql: 'select $n as v', params: { n: 3 }, user: 'ana' })
    expect(queries[1]!.sql).toMatch(/^WITH "a" AS \(\nselect \$n as v\n\)\nselect v\nfrom a\nwhere nope$/)
    expect(queries).toHaveLength(2)
    expect(result.cells.map((cell) => [cell.name, cell.status])).toEqual([
      ['markdown-0', 'ok'],
      ['n', 'ok'],
      ['a', 'ok'],
      ['b', 'error'],
      ['c', 'skipped'],
      ['d', 'error'],
    ])
    expect(result.cells[2]).toMatchObject({ columns: [{ name: 'v', type: 'INTEGER' }], rows: [[3]], rowCount: 1, truncated: false })
    // Line 3 of cell b's own text, not of the composed statement.
    expect(result.cells[3]!.error).toEqual({ code: 'invalid-sql', message: 'Binder Error: column nope not found', line: 3, column: 7 })
    expect(result.cells[5]!.error).toMatchObject({ code: 'cycle' })
  })
  it('checks a dropdown value against the options its sql cell answered, skipping what reads it', async () => {
    const text = '# D\n\n```sql machines\nselect 1\n```\n```input m\n{"type": "dropdown", "optionsFrom": "machines"}\n```\n```sql one\nselect $m as v\n```\n'
    const { service } = fakeSql(() => [['M01'], ['M02']])
    const ok = await runNotebook({ sql: service, references }, parseNotebookFile(text), { inputs: { m: 'M02' } })
    expect(ok.cells.map((cell) => cell.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
    const wrong = await runNotebook({ sql: service, references }, parseNotebookFile(text), { inputs: { m: 'M09' } })
    expect(wrong.cells.map((cell) => cell.status)).toEqual(['ok', 'ok', 'error', 'skipped'])
    expect(wrong.cells[2]!.error!.message).toBe('"M09" is not one of the options from machines: M01, M02')
  })
  it('binds a dropdown without value or default to the first option its sql cell answered', async () => {
    const text = '# D\n\n```sql machines\nselect 1\n```\n```input m\n{"type": "dropdown", "optionsFrom": "machines"}\n```\n```sql one\nselect $m as v\n```\n'
    const { service, queries } = fakeSql((query) => (query.sql.includes('$m') ? [[String((query.params as Record<string, unknown>).m)]] : [['M01'], ['M02']]))
    for (const inputs of [{}, { m: null }] as Record<string, null>[]) {
      queries.length = 0
      const result = await runNotebook({ sql: service, references }, parseNotebookFile(text), { inputs })
      expect(result.cells.map((cell) => cell.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
      expect(queries.at(-1)!.params).toEqual({ m: 'M01' })
    }
    const withDefault = text.replace('"optionsFrom": "machines"', '"optionsFrom": "machines", "default": "M02"')
    await runNotebook({ sql: service, references }, parseNotebookFile(withDefault), { inputs: {} })
    expect(queries.at(-1)!.params).toEqual({ m: 'M02' })
  })
  it('refuses numbered parameters at the cell, naming how inputs bind', async () => {
    const text = '# N\n\n```sql one\nselect $1 as v\n```\n```sql two\nselect ? as v\n```\n'
    const { service, queries } = fakeSql(() => [[1]])
    const result = await runNotebook({ sql: service, references }, parseNotebookFile(text), { inputs: {} })
    expect(queries).toEqual([])
    expect(result.cells.slice(1).map((cell) => [cell.status, cell.error?.code])).toEqual([
      ['error', 'numbered-parameter'],
      ['error', 'numbered-parameter'],
    ])
    expect(result.cells[1]!.error!.message).toContain('notebooks bind inputs by name — write $name')
  })
})
