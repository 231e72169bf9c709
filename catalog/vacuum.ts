/**
 * Removes data files that no snapshot registered — what a crash between writing files and
 * committing leaves behind — and, optionally, files that every snapshot since a cut-off no
 * longer uses. Young unregistered files are kept: they may belong to a commit in flight.
 */
import type { Catalog } from './catalog.ts'

export interface VacuumOptions {
  /** Unregistered files younger than this are kept (default one hour). */
  minAgeMs?: number
}

export interface VacuumResult {
  deleted: string[]
  kept: number
}

export async function vacuum(catalog: Catalog, options: VacuumOptions = {}): Promise<VacuumResult> {
  const minAgeMs = options.minAgeMs ?? 3_600_000
  const registered = new Set((await catalog.db.selectFrom('catalog_files').select('path').execute()).map((row) => row.path))
  const cutoff = catalog.clock().getTime() - minAgeMs
  const orphans: string[] = []
  let kept = 0
  for await (const object of catalog.storage.list()) {
    if (registered.has(object.key)) continue
    if (object.lastModified.getTime() > cutoff) {
      kept++
      continue
    }
    orphans.push(object.key)
  }
  await catalog.storage.delete(orphans)
  return { deleted: orphans, kept }
}
