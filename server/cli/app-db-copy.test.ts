import { describe, expect, it } from 'vitest'
import { dependencyOrder } from './app-db-copy.ts'

describe('dependencyOrder', () => {
  it('puts every table after the tables it references, keeping the given order otherwise', () => {
    const parents = new Map([
      ['alert_rules', []],
      ['alert_events', ['alerts', 'alert_rules']],
      ['alerts', ['alert_rules']],
      ['catalog_files', ['catalog_tables', 'catalog_snapshots']],
      ['catalog_snapshots', ['job_runs']],
    ])
    const order = dependencyOrder(['alert_events', 'alerts', 'alert_rules', 'catalog_files', 'catalog_snapshots', 'catalog_tables', 'job_runs'], parents)
    expect(order).toEqual(['alert_rules', 'alerts', 'alert_events', 'catalog_tables', 'job_runs', 'catalog_snapshots', 'catalog_files'])
  })

  it('lets a table reference itself and ignores references to tables it does not copy', () => {
    expect(dependencyOrder(['tree', 'leaf'], new Map([['tree', ['tree']], ['leaf', ['tree', 'elsewhere']]]))).toEqual(['tree', 'leaf'])
  })

  it('names a cycle between tables, which no order can satisfy', () => {
    expect(() => dependencyOrder(['a', 'b'], new Map([['a', ['b']], ['b', ['a']]]))).toThrow('foreign keys form a cycle: a → b → a')
  })
})
