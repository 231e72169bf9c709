/**
 * What a tile says about its source, from the catalog's metadata in the app database: the
 * snapshot its run reads (the latest commit to a table it reads, so a commit to another table
 * does not make a new cache key), when that source last changed (a source that stopped updating
 * shows), and the rows quarantined in the window by commits to those tables (what the tile does
 * not show). Cheap SQLite reads — no DuckDB.
 */
import type { AppDb } from '../../db/index.ts'
import { notFound } from '../http/api-error.ts'
import type { TileQuality } from './board-schemas.ts'

/**
 * The latest snapshot (at most `asOf`) that changed one of `tables` — added or removed one of
 * their files —; 0 when none did. Read from `catalog_files` by its (table, added snapshot) index:
 * the snapshots' own table lists would need a scan of every commit, and the sensor stream commits
 * every few seconds.
 */
export async function sourceSnapshot(db: AppDb, tables: readonly string[], asOf?: number): Promise<number> {
  if (tables.length === 0) {
    let latest = db.selectFrom('catalog_snapshots').select((eb) => eb.fn.max('id').as('id'))
    if (asOf !== undefined) latest = latest.where('id', '<=', asOf)
    return (await latest.executeTakeFirst())?.id ?? 0
  }
  let newest = 0
  for (const table of tables) {
    let added = db.selectFrom('catalog_files').select((eb) => eb.fn.max('added_snapshot').as('id')).where('table_name', '=', table)
    let removed = db.selectFrom('catalog_files').select((eb) => eb.fn.max('removed_snapshot').as('id')).where('table_name', '=', table).where('removed_snapshot', 'is not', null)
    if (asOf !== undefined) {
      added = added.where('added_snapshot', '<=', asOf)
      removed = removed.where('removed_snapshot', '<=', asOf)
    }
    newest = Math.max(newest, (await added.executeTakeFirst())?.id ?? 0, (await removed.executeTakeFirst())?.id ?? 0)
  }
  return newest
}

/** An `asOf` past the latest snapshot would show today's data as that past: refused, as /api/query does. */
export async function requireSnapshot(db: AppDb, asOf: number): Promise<void> {
  const latest = (await db.selectFrom('catalog_snapshots').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0
  if (asOf > latest) throw notFound(`asOf: no snapshot ${asOf} in the catalog (the latest is ${latest})`, 'asOf')
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
