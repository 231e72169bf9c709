/**
 * Brings the Iceberg export up to date: for every exported table, each snapshot of ours that
 * changed it and is not yet published becomes an Iceberg snapshot, oldest first. Idempotent and
 * resumable — a crash leaves the SQL catalog at the last fully published snapshot. The raw layer
 * is not exported: it keeps source objects as their own bytes (CSV, JSON, …), which Iceberg
 * cannot reference, and converting them would store every source object twice.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Catalog } from '../catalog.ts'
import { tableHistory } from '../snapshots.ts'
import { listTables, type RegisteredTable } from '../table-registry.ts'
import { publishSnapshot } from './publish-snapshot.ts'
import { exportState, foreignMetadata, IcebergPublishConflict } from './sql-catalog.ts'

export interface PublishResult {
  /** Iceberg snapshots written, per table. */
  published: Record<string, number>
  /**
   * Tables another engine committed to since our last publish, with the metadata it left: that
   * commit is not in our catalog, and this publish replaced it (docs/iceberg.md).
   */
  foreign: Record<string, string>
  /** Tables another publisher (a second instance) moved while this one worked on them. */
  conflicts: string[]
  ms: number
}

export function isExported(table: Pick<RegisteredTable, 'layer'>): boolean {
  return table.layer !== 'raw'
}

export async function publishIceberg(catalog: Catalog, connection: DuckDBConnection): Promise<PublishResult> {
  const started = performance.now()
  const published: Record<string, number> = {}
  const foreign: Record<string, string> = {}
  const conflicts: string[] = []
  for (const table of (await listTables(catalog)).filter(isExported)) {
    const state = await exportState(catalog, table.name)
    const done = state?.snapshotId ?? 0
    const pending = (await tableHistory(catalog, table.name)).filter((snapshot) => snapshot.id > done).reverse()
    const other = state === undefined ? undefined : await foreignMetadata(catalog, table.name, state)
    if (other !== undefined) foreign[table.name] = other
    try {
      for (const snapshot of pending) {
        await publishSnapshot(catalog, connection, table, snapshot)
        published[table.name] = (published[table.name] ?? 0) + 1
      }
    } catch (error) {
      // Another instance publishes this table right now; it takes the rest of its history too.
      if (!(error instanceof IcebergPublishConflict)) throw error
      conflicts.push(table.name)
    }
  }
  return { published, foreign, conflicts, ms: Math.round(performance.now() - started) }
}
