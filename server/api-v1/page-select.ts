/**
 * The SELECT behind one page of rows: the filters of a request as bound parameters (never
 * spliced into the text), identifiers quoted, a total order so that pages never overlap, and
 * LIMIT/OFFSET for the page. Pure: the caller runs it against a view named `source`.
 */
import { quoteIdent } from '../../catalog/index.ts'

export interface PageColumn {
  name: string
  /** A DuckDB type, e.g. TIMESTAMPTZ. */
  type: string
}

/** A range on a time column: `from` inclusive, `to` exclusive for instants, inclusive for days. */
export interface RangeFilter {
  kind: 'range'
  column: string
  cast: 'TIMESTAMPTZ' | 'DATE'
  from?: string
  to?: string
}

export interface EqualsFilter {
  kind: 'equals'
  column: string
  value: string
}

export type RowFilter = RangeFilter | EqualsFilter

/** `text`: timestamps as ISO 8601 text in UTC, for JSON and CSV; `native`: DuckDB's own types, for Parquet and Arrow. */
export type PageEncoding = 'text' | 'native'

export interface PageSelectOptions {
  columns: PageColumn[]
  filters: RowFilter[]
  /** Columns to order by first; every other column follows, so the order is total. Ordering is
   * on the source's own columns (qualified), not on the text the projection makes of them. */
  orderFirst: string[]
  offset: number
  /** Rows to read: a page asks for one more than it returns, to know whether another page follows. */
  limit: number
  encoding: PageEncoding
}

export interface BoundSql {
  sql: string
  params: (string | number)[]
}

export const SOURCE_VIEW = 'source'

export function pageSelect(options: PageSelectOptions): BoundSql {
  const params: (string | number)[] = []
  const conditions = options.filters.flatMap((filter) => condition(filter, params))
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
  const names = options.columns.map((column) => column.name)
  const order = [...new Set([...options.orderFirst, ...names])]
  const projection = options.columns.map((column) => project(column, options.encoding)).join(', ')
  params.push(options.limit, options.offset)
  const sql = `SELECT ${projection} FROM ${SOURCE_VIEW}${where} ORDER BY ${order.map((name) => `${SOURCE_VIEW}.${quoteIdent(name)} ASC NULLS LAST`).join(', ')} LIMIT ? OFFSET ?`
  return { sql, params }
}

function condition(filter: RowFilter, params: (string | number)[]): string[] {
  const column = quoteIdent(filter.column)
  if (filter.kind === 'equals') {
    params.push(filter.value)
    return [`${column} = ?`]
  }
  const parts: string[] = []
  if (filter.from !== undefined) {
    params.push(filter.from)
    parts.push(`${column} >= CAST(? AS ${filter.cast})`)
  }
  if (filter.to !== undefined) {
    params.push(filter.to)
    parts.push(`${column} ${filter.cast === 'DATE' ? '<=' : '<'} CAST(? AS ${filter.cast})`)
  }
  return parts
}

function project(column: PageColumn, encoding: PageEncoding): string {
  const name = quoteIdent(column.name)
  if (encoding === 'native') return name
  const type = column.type.toUpperCase()
  if (type === 'TIMESTAMPTZ' || type === 'TIMESTAMP WITH TIME ZONE') return `strftime(${name} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ${name}`
  if (type === 'TIMESTAMP') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%f') AS ${name}`
  return name
}
