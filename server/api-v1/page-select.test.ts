import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { pageSelect } from './page-select.ts'
import { tableFilters } from './table-filters.ts'

const orders = {
  name: 'mes.orders',
  columns: [
    { name: 'order_id', type: 'VARCHAR' },
    { name: 'machine_id', type: 'VARCHAR' },
    { name: 'planned_start', type: 'TIMESTAMPTZ' },
    { name: 'planned_qty', type: 'BIGINT' },
  ],
}

describe('the SELECT of a page', () => {
  it('binds every filter value as a parameter and orders totally', () => {
    const filters = tableFilters(orders, { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00+01:00', machine: "M1' OR 1=1 --" })
    const { sql, params } = pageSelect({ columns: orders.columns, filters, orderFirst: ['planned_start', 'order_id'], offset: 20, limit: 11, encoding: 'native' })
    expect(sql).toBe(
      'SELECT "order_id", "machine_id", "planned_start", "planned_qty" FROM source' +
        ' WHERE "planned_start" >= CAST(? AS TIMESTAMPTZ) AND "planned_start" < CAST(? AS TIMESTAMPTZ) AND "machine_id" = ?' +
        ' ORDER BY source."planned_start" ASC NULLS LAST, source."order_id" ASC NULLS LAST, source."machine_id" ASC NULLS LAST, source."planned_qty" ASC NULLS LAST LIMIT ? OFFSET ?',
    )
    expect(params).toEqual(['2026-11-20T00:00:00Z', '2026-11-21T00:00:00+01:00', "M1' OR 1=1 --", 11, 20])
  })

  it('includes the last day of a day range and writes timestamps as ISO text for JSON and CSV', () => {
    const { sql } = pageSelect({
      columns: [{ name: 'day', type: 'DATE' }, { name: 'period_start', type: 'TIMESTAMPTZ' }],
      filters: [{ kind: 'range', column: 'day', cast: 'DATE', from: '2026-11-01', to: '2026-11-30' }],
      orderFirst: [],
      offset: 0,
      limit: 5,
      encoding: 'text',
    })
    expect(sql).toContain('"day" <= CAST(? AS DATE)')
    expect(sql).toContain(`strftime("period_start" AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS "period_start"`)
  })

  it('quotes identifiers that would otherwise break out of the statement', () => {
    const { sql } = pageSelect({ columns: [{ name: 'a"; DROP TABLE x; --', type: 'VARCHAR' }], filters: [], orderFirst: [], offset: 0, limit: 1, encoding: 'native' })
    expect(sql).toContain('"a""; DROP TABLE x; --"')
  })

  it('selects exactly the rows of the filters and the page when DuckDB runs it', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      await connection.run("SET TimeZone = 'UTC'")
      await connection.run(`CREATE TABLE source AS SELECT 'o' || i AS order_id, 'M' || (i % 2) AS machine_id, TIMESTAMPTZ '2026-11-20 00:00:00Z' + to_hours(i) AS planned_start, i::BIGINT AS planned_qty FROM range(48) t(i)`)
      const filters = tableFilters(orders, { from: '2026-11-20T06:00:00Z', to: '2026-11-21T00:00:00Z', machine: 'M0' })
      const page = (offset: number) => pageSelect({ columns: orders.columns, filters, orderFirst: ['planned_start'], offset, limit: 4, encoding: 'native' })
      const read = async (offset: number) => {
        const { sql, params } = page(offset)
        return (await connection.runAndReadAll(sql, params)).getRowObjectsJson().map((row) => Number(row.planned_qty))
      }
      // Hours 6..23 of machine M0 are the even ones: 6, 8, …, 22 — nine rows over three pages.
      expect([...(await read(0)), ...(await read(4)), ...(await read(8))]).toEqual([6, 8, 10, 12, 14, 16, 18, 20, 22])
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })
})

describe('the filters a table takes', () => {
  it('name the field a table cannot filter on', () => {
    const quarantine = { name: 'quarantine.mes_files', columns: [{ name: 'source', type: 'VARCHAR' }, { name: '_source_modified', type: 'TIMESTAMPTZ' }] }
    expect(() => tableFilters(quarantine, { from: '2026-11-20T00:00:00Z' })).toThrow(expect.objectContaining({ field: 'from', status: 400 }))
    expect(() => tableFilters(quarantine, { machine: 'M1' })).toThrow(expect.objectContaining({ field: 'machine', status: 400 }))
  })

  it('refuse a range that ends before it starts', () => {
    expect(() => tableFilters(orders, { from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' })).toThrow(expect.objectContaining({ field: 'to', message: 'to: must not be before from' }))
  })
})
