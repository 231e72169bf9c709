import { describe, expect, it } from 'vitest'
import type { Notebook } from './cell.ts'
import { buildGraph } from './graph.ts'
import { collectReferences } from './references.ts'
import { fakeReferencePort } from './testdata/fake-reference-port.ts'

const sql = (name: string, text: string) => ({ kind: 'sql' as const, name, sql: text })

describe('the dependency graph', () => {
  it('links sql to cells and inputs, plots to data, dropdowns to options, markdown to names', async () => {
    const notebook: Notebook = {
      cells: [
        { kind: 'input', name: 'machine', spec: { type: 'dropdown', optionsFrom: 'machines' } },
        sql('machines', 'select distinct machine_id from kpi.machine_daily'),
        sql('oee', 'select * from kpi.machine_daily where machine_id = $machine'),
        { kind: 'plot', name: 'chart', spec: { data: 'oee', marks: [{ type: 'lineY', x: 'day', y: 'oee' }] } },
        { kind: 'markdown', text: 'Machine ${machine}' },
      ],
    }
    const port = fakeReferencePort({
      'select distinct machine_id from kpi.machine_daily': { tables: ['kpi.machine_daily'], parameters: [] },
      'select * from kpi.machine_daily where machine_id = $machine': { tables: ['kpi.machine_daily'], parameters: ['$machine'] },
    })
    const graph = buildGraph(notebook, { references: await collectReferences(notebook, port), catalogTables: ['kpi.machine_daily'] })
    expect(graph.errors).toEqual([])
    expect([...graph.nodes.values()].map((node) => [node.id, node.dependsOn])).toEqual([
      ['machine', ['machines']],
      ['machines', []],
      ['oee', ['machine']],
      ['chart', ['oee']],
      ['markdown-4', ['machine']],
    ])
    expect(graph.order).toEqual(['machines', 'machine', 'oee', 'chart', 'markdown-4'])
  })

  it('reports a cell reading itself, names used twice and tables compared as DuckDB folds them', () => {
    const notebook: Notebook = { cells: [sql('a', 'select * from a'), sql('b', 'select * from "A"'), sql('b', 'select 2'), { kind: 'input', name: 'r', spec: { type: 'date-range' } }, sql('r_to', 'select 3')] }
    const references = { a: { tables: ['a'], parameters: [] }, b: { tables: ['A'], parameters: [] }, r_to: { tables: [], parameters: [] } }
    const graph = buildGraph(notebook, { references })
    expect(graph.errors.map((error) => [error.cell, error.code])).toEqual([
      ['b', 'duplicate-name'],
      ['r_to', 'duplicate-name'],
      ['a', 'cycle'],
    ])
    expect(graph.nodes.get('b')!.dependsOn).toEqual(['a'])
  })
  it('refuses numbered parameters ($1, ?) at the cell: inputs bind by name', () => {
    const notebook: Notebook = {
      cells: [
        { kind: 'input', name: 'from', spec: { type: 'date' } },
        // DuckDB's parser names `$1` and `?` alike: by position, "1", "2".
        sql('numbered', 'select * from kpi.machine_daily where day >= $1 and day <= ?'),
        sql('named', 'select * from kpi.machine_daily where day >= $from'),
        sql('reader', 'select * from numbered'),
      ],
    }
    const references = {
      numbered: { tables: ['kpi.machine_daily'], parameters: ['1', '2'] },
      named: { tables: ['kpi.machine_daily'], parameters: ['from'] },
      reader: { tables: ['numbered'], parameters: [] },
    }
    const graph = buildGraph(notebook, { references })
    expect(graph.errors).toEqual([
      { cell: 'numbered', code: 'numbered-parameter', message: 'numbered parameters $1, $2 (or ?): notebooks bind inputs by name — write $name, the name of an input cell (e.g. where day >= $from)' },
    ])
    expect(graph.nodes.get('numbered')!.dependsOn).toEqual([])
    expect(graph.nodes.get('named')!.dependsOn).toEqual(['from'])
  })
})
