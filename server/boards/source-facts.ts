/**
 * What a tile says about its source, from the catalog's metadata in the app database: the
 * snapshot its run reads (the latest commit to a table it reads, so a commit to another table
 * does not make a new cache key), when that source last changed (a source that stopped updating
 * shows), and the rows quarantined in the window by commits to those tables (what the tile does
 * not show). Cheap SQLite reads — no DuckDB.
 */
import { sql } from 'kysely'
import type { AppDb } from '../../db/index.ts'
import type { TileQuality } from './board-schemas.ts'

/** The latest snapshot (at most `asOf`) that changed one of `tables`; 0 when none did. */
export async function sourceSnapshot(db: AppDb, tables: readonly string[], asOf?: number): Promise<number> {
  let query = db.selectFrom('catalog_snapshots').select((eb) => eb.fn.max('id').as('id'))
  if (asOf !== undefined) query = query.where('id', '<=', asOf)
  if (tables.length > 0) query = query.where(sql<boolean>`exists (select 1 from json_each(catalog_snapshots.tables) where lower(json_each.value) in (${sql.join(tables.map((table) => sql.lit(table.toLowerCase())))}))`)
  const row = await query.executeTakeFirst()
  return row?.id ?? 0
}

/** When the snapshot was committed (null for 0, the empty catalog). */
export async function snapshotTime(db: AppDb, snapshot: number): Promise<string | null> {
  if (snapshot === 0) return null
  const row = await db.selectFrom('catalog_snapshots').select('committed_at').where('id', '=', snapshot).executeTakeFirst()
  return row?.committed_at ?? null
}

/**
 * Rows quarantined by commits to `tables` since the window began (ISO), up to `snapshot`. By
 * commit time, since quality is recorded per commit: a window's data arrives with the commits
 * after its start (a day's MES dump lands the next morning).
 */
export async function quarantinedRows(db: AppDb, tables: readonly string[], window: { from: string }, snapshot: number): Promise<TileQuality> {
  if (tables.length === 0) return { quarantinedRows: 0, tables: [] }
  const rows = await db
    .selectFrom('catalog_quality')
    .innerJoin('catalog_snapshots', 'catalog_snapshots.id', 'catalog_quality.snapshot_id')
    .select(['catalog_quality.table_name as table', (eb) => eb.fn.sum<number>('catalog_quality.observed').as('rows')])
    .where('catalog_quality.check_name', '=', 'rows_quarantined')
    .where('catalog_quality.table_name', 'in', [...tables])
    .where('catalog_snapshots.committed_at', '>=', window.from)
    .where('catalog_quality.snapshot_id', '<=', snapshot)
    .groupBy('catalog_quality.table_name')
    .execute()
  const byTable = rows.map((row) => ({ table: row.table, quarantinedRows: Math.round(Number(row.rows ?? 0)) }))
  return { quarantinedRows: byTable.reduce((sum, row) => sum + row.quarantinedRows, 0), tables: byTable }
}
