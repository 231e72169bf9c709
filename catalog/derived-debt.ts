/**
 * Work owed to derived tables. A commit that changes what a derived table is computed from (an
 * MES ingest, a rebuild of a clean table) records the debt in its own transaction — the
 * event-time range whose derived rows are now stale — and the commit that rebuilds those rows
 * settles it in its own. Between the two, the debt is on record whatever happens to the
 * process, so the next run finds and pays it.
 */
import type { Catalog } from './catalog.ts'

/** Debt a commit records: `target` names the derived tables (e.g. `kpi`); no range: everything. */
export interface DebtEntry {
  target: string
  range?: { min: string; max: string }
}

export interface Debt {
  id: number
  target: string
  /** The commit that made it due. */
  snapshotId: number
  range: { min: string; max: string } | null
}

/**
 * The debts of `target` recorded at or before `snapshotId`: what a build reading that snapshot
 * can pay (a debt recorded later is for rows the build does not see).
 */
export async function debtsAsOf(catalog: Catalog, target: string, snapshotId: number): Promise<Debt[]> {
  const rows = await catalog.db.selectFrom('derived_debt').selectAll().where('target', '=', target).where('snapshot_id', '<=', snapshotId).orderBy('id').execute()
  return rows.map((row) => ({
    id: row.id,
    target: row.target,
    snapshotId: row.snapshot_id,
    range: row.range_min === null || row.range_max === null ? null : { min: row.range_min, max: row.range_max },
  }))
}

/** Whether anything is owed to `target`. */
export async function hasDebt(catalog: Catalog, target: string): Promise<boolean> {
  const row = await catalog.db.selectFrom('derived_debt').select('id').where('target', '=', target).limit(1).executeTakeFirst()
  return row !== undefined
}

/** Settles debts without a commit: for a payment that had nothing to write. */
export async function settleDebts(catalog: Catalog, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  await catalog.db.deleteFrom('derived_debt').where('id', 'in', ids).execute()
}
