import { afterAll, describe, expect, it } from 'vitest'
import { SqlError } from '../sql/sql-errors.ts'
import { duckDbReferencePort } from './duckdb-references.ts'

const port = duckDbReferencePort()
afterAll(() => port.close())

describe('references from DuckDB’s parser', () => {
  it('names the tables a query reads and the parameters it binds', async () => {
    expect(await port.references('select machine_id, avg(oee) from kpi.machine_daily where day >= $from and day < $to group by 1')).toEqual({ tables: ['kpi.machine_daily'], parameters: ['from', 'to'] })
    expect(await port.references('select * from oee o join hot_machines h using (machine_id) where o.oee < $limit or h.t > $limit')).toEqual({ tables: ['oee', 'hot_machines'], parameters: ['limit'] })
    // Numbered parameters come by position, `$1` and `?` alike: the graph refuses them (inputs bind by name).
    expect(await port.references('select * from oee where oee < $1')).toEqual({ tables: ['oee'], parameters: ['1'] })
    expect(await port.references('select * from oee where oee < ? and day > ?')).toEqual({ tables: ['oee'], parameters: ['1', '2'] })
  })

  it('finds tables in subqueries, joins, unions and set operations', async () => {
    const refs = await port.references('select * from a where x in (select x from b) union all select * from (select * from c) t, lateral (select 1 from d)')
    expect(refs.tables.sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('a name a WITH defines is no table where it is in scope, but is one outside it', async () => {
    expect((await port.references('with oee as (select * from kpi.machine_daily) select * from oee')).tables).toEqual(['kpi.machine_daily'])
    expect((await port.references('select * from (with t as (select 1) select * from t), t')).tables).toEqual(['t'])
  })

  it('is not fooled by names in strings, comments or columns', async () => {
    expect(await port.references("select 'from oee' as oee, /* from worst */ 1 as worst -- from x\n")).toEqual({ tables: [], parameters: [] })
  })

  it('refuses SQL that does not parse, with its line and column', async () => {
    const error = await port.references('select *\nfrom oee where').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SqlError)
    expect(error).toMatchObject({ code: 'invalid_sql', line: 2 })
  })
})
