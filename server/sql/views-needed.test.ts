import { describe, expect, it } from 'vitest'
import { viewsNeeded } from './views-needed.ts'

const tables = ['mes.orders', 'raw.orders', 'mes.machine_states', 'kpi.machine_daily', 'quarantine.mes_rows']
const needed = (sql: string): string[] => tables.filter(viewsNeeded(sql))

describe('viewsNeeded', () => {
  it('takes the tables a query names, however it quotes them', () => {
    expect(needed('SELECT 42')).toEqual([])
    expect(needed('select * from KPI.Machine_Daily where x > 1')).toEqual(['kpi.machine_daily'])
    expect(needed('SELECT * FROM "mes"."machine_states" JOIN mes.orders USING (order_id)')).toEqual(['mes.orders', 'raw.orders', 'mes.machine_states'])
  })

  it('does not take a table whose name is only part of a word', () => {
    expect(needed('SELECT 1 AS orders_total, 2 AS machine_daily_x')).toEqual([])
  })

  it('takes every table when the query may reach tables without naming them', () => {
    for (const sql of ['SHOW ALL TABLES', 'DESCRIBE mes.orders', "SELECT * FROM information_schema.tables", 'SELECT * FROM duckdb_views()', "FROM query_table('mes.' || 'orders')", 'SUMMARIZE kpi.machine_daily']) {
      expect(needed(sql)).toEqual(tables)
    }
  })
})
