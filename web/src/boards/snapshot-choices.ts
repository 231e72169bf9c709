/**
 * The catalog snapshots a board can be viewed "as of": gathered from what the page learns —
 * the tables' histories (for roles that may read the catalog), the commits announced while it
 * is open, the snapshot each tile run read — merged, newest first. `snapshotAt` answers "what
 * did we see at 06:00?": the newest snapshot committed at or before that time.
 */
export interface SnapshotChoice {
  id: number
  committedAt: string
  /** What made it: `mes-ingest`, `append`, … when known. */
  operation?: string
}

export function mergeSnapshots(...lists: readonly (readonly SnapshotChoice[])[]): SnapshotChoice[] {
  const byId = new Map<number, SnapshotChoice>()
  for (const list of lists) for (const snapshot of list) byId.set(snapshot.id, { ...byId.get(snapshot.id), ...snapshot })
  return [...byId.values()].sort((a, b) => b.id - a.id)
}

export function snapshotAt(snapshots: readonly SnapshotChoice[], at: Date): SnapshotChoice | undefined {
  return snapshots
    .filter((snapshot) => Date.parse(snapshot.committedAt) <= at.getTime())
    .reduce<SnapshotChoice | undefined>((best, snapshot) => (best === undefined || snapshot.id > best.id ? snapshot : best), undefined)
}
