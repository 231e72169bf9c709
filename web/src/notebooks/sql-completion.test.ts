import { describe, expect, it } from 'vitest'
import { completeSql, type CatalogDescription, type NotebookNames, type Suggestion } from './sql-completion.ts'
import { tablesInScope } from './sql-scope.ts'

const catalog: CatalogDescription = {
  tables: [
    { name: 'kpi.machine_daily', columns: [{ name: 'machine_id', type: 'VARCHAR' }, { name: 'day', type: 'DATE' }, { name: 'oee', type: 'DOUBLE' }] },
    { name: 'mes.orders', columns: [{ name: 'order_id', type: 'VARCHAR' }, { name: 'machine_id', type: 'VARCHAR' }, { name: 'Planned Qty', type: 'INTEGER' }] },
    { name: 'sensors.readings', columns: [{ name: 'ts', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'temperature_c', type: 'DOUBLE' }] },
  ],
}

const names: NotebookNames = {
  self: 'worst',
  cells: [{ name: 'daily', columns: [{ name: 'machine_id', type: 'VARCHAR' }, { name: 'avg_oee', type: 'DOUBLE' }] }, { name: 'worst' }, { name: 'fresh' }],
  parameters: [
    { name: 'since', input: 'since' },
    { name: 'period_from', input: 'period' },
    { name: 'period_to', input: 'period' },
  ],
}

/** Completes at the `|` in `sql`. */
function complete(sql: string) {
  const offset = sql.indexOf('|')
  return completeSql(sql.replace('|', ''), offset, catalog, names)
}
const labels = (suggestions: readonly Suggestion[], kind?: Suggestion['kind']) => suggestions.filter((s) => kind === undefined || s.kind === kind).map((s) => s.label)
/** Labels in the order the editor shows them (rank, then label). */
const ordered = (suggestions: readonly Suggestion[]) => [...suggestions].sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label)).map((s) => s.label)

describe('completion after from and join', () => {
  it('offers the cells first (not the cell itself), then qualified tables, then schemas that open their tables', () => {
    const { from, suggestions } = complete('select * from |')
    expect(from).toBe(14)
    expect(ordered(suggestions).slice(0, 2)).toEqual(['daily', 'fresh'])
    expect(labels(suggestions, 'table')).toEqual(['kpi.machine_daily', 'mes.orders', 'sensors.readings'])
    expect(suggestions.find((s) => s.label === 'kpi')).toMatchObject({ kind: 'schema', insert: 'kpi.', retrigger: true })
    expect(labels(suggestions)).not.toContain('worst')
    expect(labels(suggestions, 'column')).toEqual([])
  })

  it('replaces the word being typed, after join and in a from list too', () => {
    expect(complete('select * from kpi.machine_daily m join mach|').from).toBe(39)
    expect(labels(complete('select * from kpi.machine_daily m join mach|').suggestions, 'table')).toContain('mes.orders')
    expect(labels(complete('select * from daily d, |').suggestions, 'cell')).toContain('daily')
    // A comma in the select list is no from list.
    expect(labels(complete('select machine_id, | from daily').suggestions, 'column')).toContain('avg_oee')
  })

  it("offers the statement's own WITH queries as tables", () => {
    const { suggestions } = complete('with recent as (select * from kpi.machine_daily), top as (select 1) select * from |')
    expect(labels(suggestions, 'cte')).toEqual(['recent', 'top'])
  })
})

describe('completion after a dot', () => {
  it("offers a schema's tables by their bare names", () => {
    const { from, suggestions } = complete('select * from kpi.|')
    expect(from).toBe(18)
    expect(suggestions.map((s) => s.insert)).toEqual(['machine_daily'])
  })

  it('offers the columns of an alias, even one defined after the cursor', () => {
    const { suggestions } = complete('select m.| from kpi.machine_daily as m join mes.orders o on o.machine_id = m.machine_id')
    expect(labels(suggestions)).toEqual(['machine_id', 'day', 'oee'])
    expect(labels(complete('select o.pl| from kpi.machine_daily m join mes.orders o using (machine_id)').suggestions)).toEqual(['order_id', 'machine_id', 'Planned Qty'])
  })

  it('quotes a column name DuckDB needs quoted', () => {
    expect(complete('select o.| from mes.orders o').suggestions.find((s) => s.label === 'Planned Qty')?.insert).toBe('"Planned Qty"')
  })

  it('offers the columns of a qualified table, a bare table name, and a cell by its last result', () => {
    expect(labels(complete('select kpi.machine_daily.| from kpi.machine_daily').suggestions)).toEqual(['machine_id', 'day', 'oee'])
    expect(labels(complete('select readings.| from sensors.readings').suggestions)).toEqual(['ts', 'temperature_c'])
    expect(labels(complete('select daily.| from daily').suggestions)).toEqual(['machine_id', 'avg_oee'])
    expect(complete('select x.| from daily').suggestions).toEqual([])
  })
})

describe('completion of parameters', () => {
  it("offers $ and every input's parameters, a date range's two", () => {
    const { from, suggestions } = complete('select * from daily where day between $|')
    expect(from).toBe(38)
    expect(labels(suggestions)).toEqual(['$since', '$period_from', '$period_to'])
    expect(suggestions[1]).toMatchObject({ kind: 'parameter', insert: '$period_from', detail: 'input period (date range)' })
    expect(complete('select * from daily where day >= $per|').from).toBe(33)
  })
})

describe('completion anywhere else', () => {
  it('puts the columns of the tables read first, then parameters, cells, functions and keywords', () => {
    const { suggestions } = complete('select | from kpi.machine_daily m, daily')
    const order = ordered(suggestions)
    expect(order.slice(0, 4)).toEqual(['avg_oee', 'day', 'machine_id', 'oee'])
    expect(suggestions.find((s) => s.label === 'machine_id')?.detail).toBe('VARCHAR · kpi.machine_daily, daily')
    expect(order.indexOf('$since')).toBeLessThan(order.indexOf('daily'))
    expect(labels(suggestions, 'aggregate')).toEqual(expect.arrayContaining(['avg', 'arg_max', 'quantile_cont']))
    expect(suggestions.find((s) => s.label === 'date_trunc')).toMatchObject({ kind: 'function', call: true })
    expect(labels(suggestions, 'keyword')).toEqual(expect.arrayContaining(['qualify', 'asof', 'pivot', 'group', 'where']))
  })

  it('offers every catalog column when the statement reads nothing yet', () => {
    const { suggestions } = complete('select te|')
    expect(labels(suggestions, 'column')).toEqual(['machine_id', 'day', 'oee', 'order_id', 'Planned Qty', 'ts', 'temperature_c'])
    expect(suggestions.find((s) => s.label === 'temperature_c')?.rank).toBeGreaterThan(suggestions.find((s) => s.label === 'avg')!.rank)
  })

  it('offers types after ::', () => {
    expect(labels(complete('select day::|').suggestions)).toEqual(expect.arrayContaining(['varchar', 'timestamptz', 'integer']))
    expect(labels(complete('select day::|').suggestions, 'column')).toEqual([])
  })

  it('offers nothing inside a string, a quoted name or a comment', () => {
    expect(complete("select * from daily where machine_id = 'M|").suggestions).toEqual([])
    expect(complete('select "Planned |').suggestions).toEqual([])
    expect(complete('select 1 -- from |').suggestions).toEqual([])
    expect(complete('select 1 /* from | */').suggestions).toEqual([])
    expect(complete("select 'it''s' |").suggestions.length).toBeGreaterThan(0)
    expect(labels(complete('select 1 -- a comment\nfrom |').suggestions, 'cell')).toContain('daily')
  })
})

describe('the tables a statement reads', () => {
  it('resolves catalog tables, cells and bare names, with aliases; a table function is not a table', () => {
    const scope = tablesInScope('select * from kpi.machine_daily m left join daily as d on true, readings join range(3) r', catalog, names).read
    expect(scope.map(({ name, alias }) => ({ name, alias }))).toEqual([
      { name: 'kpi.machine_daily', alias: 'm' },
      { name: 'daily', alias: 'd' },
      { name: 'range', alias: undefined },
    ])
    expect(tablesInScope('select * from readings r', catalog, names).read[0]).toMatchObject({ name: 'sensors.readings', alias: 'r' })
    expect(tablesInScope('select * from "Odd"."Name" where true', catalog, names).read).toEqual([{ name: 'odd.name' }])
  })
})

describe('the columns of WITH queries', () => {
  it('offers what their select lists name: aliases, plain and qualified columns with their types, * and m.*', () => {
    const sql = 'with recent as (select m.machine_id, day, avg(oee) as oee, max(day) last_day, count(*) from kpi.machine_daily m group by all), wide as (select r.*, o.* from recent r join mes.orders o using (machine_id)) select recent.| from recent'
    expect(complete(sql).suggestions.map((s) => [s.label, s.detail])).toEqual([
      ['machine_id', 'VARCHAR · recent'],
      ['day', 'DATE · recent'],
      ['oee', 'recent'],
      ['last_day', 'recent'],
    ])
    expect(labels(complete(sql.replace('recent.| from recent', 'w.| from wide w')).suggestions)).toEqual(['machine_id', 'day', 'oee', 'last_day', 'order_id', 'machine_id', 'Planned Qty'])
    expect(labels(complete('with t as (select distinct machine_id, case when oee > 0.5 then 1 else 0 end good from kpi.machine_daily) select | from t').suggestions, 'column')).toEqual(['machine_id', 'good'])
    expect(labels(complete('with recent as (select * from kpi.machine_daily), other as (select 1) select * from |').suggestions, 'cte')).toEqual(['recent', 'other'])
  })
})

describe('the scope of a WITH query', () => {
  it('is the tables it reads while the cursor is in it, and the outer select reads its own', () => {
    const sql = 'with recent as (select m.| from kpi.machine_daily m) select  from mes.orders'
    expect(labels(complete(sql).suggestions)).toEqual(['machine_id', 'day', 'oee'])
    const outer = 'with recent as (select oee from kpi.machine_daily m) select | from mes.orders'
    expect(labels(complete(outer).suggestions, 'column')).toEqual(['order_id', 'machine_id', 'Planned Qty'])
    // Still being typed: the parenthesis is not closed yet.
    expect(labels(complete('with recent as (select m.| from kpi.machine_daily m').suggestions)).toEqual(['machine_id', 'day', 'oee'])
  })
})
