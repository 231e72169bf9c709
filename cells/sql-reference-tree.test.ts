import { describe, expect, it } from 'vitest'
import { referencesOfTree } from './sql-reference-tree.ts'

// Trimmed trees of the shape json_serialize_sql answers (the server's tests parse real SQL).
const table = (table_name: string, schema_name = '') => ({ type: 'BASE_TABLE', table_name, schema_name, catalog_name: '' })

describe('referencesOfTree', () => {
  it('names tables as written and parameters by name', () => {
    const tree = [{ node: { from_table: { type: 'JOIN', left: table('machine_daily', 'kpi'), right: table('oee') }, where_clause: { class: 'PARAMETER', identifier: 'from' } } }]
    expect(referencesOfTree(tree)).toEqual({ tables: ['kpi.machine_daily', 'oee'], parameters: ['from'] })
  })

  it('drops the names a WITH defines where it is in scope', () => {
    const tree = [{ node: { cte_map: { map: [{ key: 'x', value: { query: { node: { from_table: table('oee') } } } }] }, from_table: table('X') } }]
    expect(referencesOfTree(tree).tables).toEqual(['oee'])
  })
})
