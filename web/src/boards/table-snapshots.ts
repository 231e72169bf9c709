/**
 * The snapshots of the tables a board's tiles read, from the catalog's history
 * (`/api/catalog/tables/{name}`), for the as-of picker. Only roles that may browse the catalog
 * get them; for others (managers) the answer is empty and the picker offers what the page saw.
 */
import { request } from '../lib/api.ts'
import type { SnapshotChoice } from './snapshot-choices.ts'

interface TableHistory {
  history: { id: number; committedAt: string; operation: string }[]
}

export async function fetchTableSnapshots(tables: readonly string[]): Promise<SnapshotChoice[]> {
  const answers = await Promise.all(tables.map((table) => request<TableHistory>(`/api/catalog/tables/${encodeURIComponent(table)}`)))
  return answers.flatMap((answer) => (answer.data?.history ?? []).map(({ id, committedAt, operation }) => ({ id, committedAt, operation })))
}
