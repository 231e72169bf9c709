/**
 * The catalog tables of MES ingestion: `raw.<dataset>` (every row as read, all text),
 * `mes.<dataset>` (clean, typed, latest version of each natural key) and the two quarantine
 * tables. Clean files also carry `_source`, `_source_modified` and `_row` — the lineage of each
 * row, and what decides which version of a key is the latest.
 */
import type { ColumnDefinition, TableDefinition } from '../../catalog/index.ts'
import { sqlType } from './cleaning-sql.ts'
import { datasets, type DatasetName } from './datasets.ts'

/** Columns the ingestion adds to raw rows, after the file's own columns. */
export const RAW_LINEAGE_COLUMNS: ColumnDefinition[] = [
  { name: '_source', type: 'VARCHAR' },
  { name: '_etag', type: 'VARCHAR' },
  { name: '_source_modified', type: 'TIMESTAMPTZ' },
  { name: '_row', type: 'BIGINT' },
  { name: '_run', type: 'BIGINT' },
]

export function rawTable(dataset: DatasetName, sourceColumns: string[]): TableDefinition {
  return {
    name: `raw.${dataset}`,
    layer: 'raw',
    columns: [...sourceColumns.map((name) => ({ name, type: 'VARCHAR' })), ...RAW_LINEAGE_COLUMNS],
  }
}

export function cleanTable(dataset: DatasetName): TableDefinition {
  const spec = datasets[dataset]
  return {
    name: `mes.${dataset}`,
    layer: 'mes',
    columns: spec.columns.map((column) => ({ name: column.name, type: sqlType(column) })),
    key: [...spec.key],
    // Objects apply in order of last-modified time, then key; within an object, later rows win.
    orderBy: ['_source_modified', '_source', '_row'],
  }
}

export const quarantineRowsTable: TableDefinition = {
  name: 'quarantine.mes_rows',
  layer: 'quarantine',
  columns: [
    { name: 'source', type: 'VARCHAR' },
    { name: 'etag', type: 'VARCHAR' },
    { name: 'dataset', type: 'VARCHAR' },
    { name: 'row_number', type: 'BIGINT' },
    { name: 'line', type: 'BIGINT' },
    { name: 'raw', type: 'VARCHAR' },
    { name: 'reason', type: 'VARCHAR' },
    { name: 'run', type: 'BIGINT' },
    { name: 'quarantined_at', type: 'TIMESTAMPTZ' },
  ],
}

export const quarantineFilesTable: TableDefinition = {
  name: 'quarantine.mes_files',
  layer: 'quarantine',
  columns: [
    { name: 'source', type: 'VARCHAR' },
    { name: 'etag', type: 'VARCHAR' },
    { name: 'dataset', type: 'VARCHAR' },
    { name: 'size', type: 'BIGINT' },
    { name: 'reason', type: 'VARCHAR' },
    { name: 'run', type: 'BIGINT' },
    { name: 'quarantined_at', type: 'TIMESTAMPTZ' },
  ],
}
