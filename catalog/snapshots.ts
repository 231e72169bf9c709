/**
 * Reading the catalog's history: the latest snapshot, a table's snapshots, and which files
 * made up a table as of a snapshot (time travel).
 */
import type { Catalog } from './catalog.ts'

export interface SnapshotInfo {
  id: number
  committedAt: string
  operation: string
  jobRunId: number | null
  tables: string[]
  summary: Record<string, unknown> | null
}

export interface TableFile {
  id: number
  path: string
  rowCount: number
  byteSize: number
  partition: string | null
  addedSnapshot: number
  /** How to read a file that is not Parquet (./file-relation.ts); null for Parquet. */
  reader: string | null
}

export async function latestSnapshotId(catalog: Catalog): Promise<number> {
  const row = await catalog.db.selectFrom('catalog_snapshots').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return row?.id ?? 0
}

/** Snapshots that changed `table`, newest first. */
export async function tableHistory(catalog: Catalog, table: string): Promise<SnapshotInfo[]> {
  // `tables` is a JSON array of names; the LIKE narrows, the exact check below decides.
  const rows = await catalog.db
    .selectFrom('catalog_snapshots')
    .selectAll()
    .where('tables', 'like', `%${JSON.stringify(table)}%`)
    .orderBy('id', 'desc')
    .execute()
  return rows
    .map((row) => ({
      id: row.id,
      committedAt: row.committed_at,
      operation: row.operation,
      jobRunId: row.job_run_id,
      tables: JSON.parse(row.tables) as string[],
      summary: row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>),
    }))
    .filter((snapshot) => snapshot.tables.includes(table))
}

/** The files of `table` as of `snapshotId` (default: now). */
export async function filesAsOf(catalog: Catalog, table: string, snapshotId?: number): Promise<TableFile[]> {
  let query = catalog.db.selectFrom('catalog_files').selectAll().where('table_name', '=', table)
  if (snapshotId === undefined) {
    query = query.where('removed_snapshot', 'is', null)
  } else {
    query = query
      .where('added_snapshot', '<=', snapshotId)
      .where((eb) => eb.or([eb('removed_snapshot', 'is', null), eb('removed_snapshot', '>', snapshotId)]))
  }
  const rows = await query.orderBy('id').execute()
  return rows.map((row) => ({
    id: row.id,
    path: row.path,
    rowCount: row.row_count,
    byteSize: row.byte_size,
    partition: row.partition_key,
    addedSnapshot: row.added_snapshot,
    reader: row.reader,
  }))
}
