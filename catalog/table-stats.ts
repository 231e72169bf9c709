/** Per-table figures for listings: current files, stored rows and bytes, and the last commit that changed it. */
import { sql } from 'kysely'
import type { Catalog } from './catalog.ts'

export interface TableStats {
  name: string
  layer: string
  files: number
  storedRows: number
  bytes: number
  schemaVersion: number
  lastSnapshot: number | null
  lastCommitAt: string | null
}

export async function tableStats(catalog: Catalog): Promise<TableStats[]> {
  const rows = await catalog.db
    .selectFrom('catalog_tables as t')
    .leftJoin('catalog_files as f', (join) => join.onRef('f.table_name', '=', 't.name').on('f.removed_snapshot', 'is', null))
    .select([
      't.name',
      't.layer',
      't.schema_version',
      sql<number>`count(f.id)`.as('files'),
      sql<number>`coalesce(sum(f.row_count), 0)`.as('stored_rows'),
      sql<number>`coalesce(sum(f.byte_size), 0)`.as('bytes'),
    ])
    .groupBy(['t.name', 't.layer', 't.schema_version'])
    .orderBy('t.name')
    .execute()
  const last = await catalog.db
    .selectFrom('catalog_files as f')
    .innerJoin('catalog_snapshots as s', (join) => join.on(sql<boolean>`s.id = coalesce(f.removed_snapshot, f.added_snapshot)`))
    .select(['f.table_name', sql<number>`max(s.id)`.as('snapshot'), sql<string>`max(s.committed_at)`.as('committed_at')])
    .groupBy('f.table_name')
    .execute()
  const lastByTable = new Map(last.map((row) => [row.table_name, row]))
  return rows.map((row) => ({
    name: row.name,
    layer: row.layer,
    files: Number(row.files),
    storedRows: Number(row.stored_rows),
    bytes: Number(row.bytes),
    schemaVersion: row.schema_version,
    lastSnapshot: lastByTable.get(row.name)?.snapshot ?? null,
    lastCommitAt: lastByTable.get(row.name)?.committed_at ?? null,
  }))
}
