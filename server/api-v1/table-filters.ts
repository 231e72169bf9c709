/**
 * Which filters a catalog table takes: `from`/`to` on its time column — the first timestamp
 * column that is not lineage (`_source_modified` and friends start with an underscore) — and
 * `machine` on `machine_id`. A filter the table cannot take is a bad request naming it.
 */
import { badRequest } from '../http/api-error.ts'
import type { PageColumn, RowFilter } from './page-select.ts'

export interface TableFilterQuery {
  from?: string
  to?: string
  machine?: string
}

const TIMESTAMP_TYPES = new Set(['TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP'])

export function timeColumnOf(columns: PageColumn[]): string | undefined {
  return columns.find((column) => TIMESTAMP_TYPES.has(column.type.toUpperCase()) && !column.name.startsWith('_'))?.name
}

export function machineColumnOf(columns: PageColumn[]): string | undefined {
  return columns.find((column) => column.name === 'machine_id')?.name
}

export function tableFilters(table: { name: string; columns: PageColumn[] }, query: TableFilterQuery): RowFilter[] {
  const filters: RowFilter[] = []
  if (query.from !== undefined || query.to !== undefined) {
    const column = timeColumnOf(table.columns)
    if (column === undefined) throw badRequest(query.from !== undefined ? 'from' : 'to', `table ${table.name} has no time column to filter on`)
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.to) < Date.parse(query.from)) throw badRequest('to', 'must not be before from')
    filters.push({ kind: 'range', column, cast: 'TIMESTAMPTZ', from: query.from, to: query.to })
  }
  if (query.machine !== undefined) {
    const column = machineColumnOf(table.columns)
    if (column === undefined) throw badRequest('machine', `table ${table.name} has no machine_id column to filter on`)
    filters.push({ kind: 'equals', column, value: query.machine })
  }
  return filters
}
