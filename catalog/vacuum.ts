/**
 * Removes data files that no snapshot registered — what a crash between writing files and
 * committing leaves behind — and staging folders of processes that are gone (what a job killed
 * while writing its files leaves locally). Young unregistered files and unowned staging entries
 * are kept: they may belong to a commit in flight. A live process's staging folder is never
 * touched, whatever its age.
 */
import type { Catalog } from './catalog.ts'
import { ICEBERG_PREFIX } from './iceberg/iceberg-layout.ts'
import { sweepStaging, type StagingSweep } from './staging.ts'

export interface VacuumOptions {
  /** Unregistered files younger than this are kept (default one hour). */
  minAgeMs?: number
  /** Runs before anything is deleted and may refuse by throwing (a job confirming its lease). */
  beforeDelete?: () => Promise<void>
}

export interface VacuumResult {
  deleted: string[]
  kept: number
  staging: StagingSweep
}

export async function vacuum(catalog: Catalog, options: VacuumOptions = {}): Promise<VacuumResult> {
  const minAgeMs = options.minAgeMs ?? 3_600_000
  const registered = new Set((await catalog.db.selectFrom('catalog_files').select('path').execute()).map((row) => row.path))
  const cutoff = catalog.clock().getTime() - minAgeMs
  const orphans: string[] = []
  let kept = 0
  for await (const object of catalog.storage.list()) {
    if (registered.has(object.key)) continue
    // The Iceberg export's metadata and copies are not catalog files; the export owns them.
    if (object.key.startsWith(ICEBERG_PREFIX)) continue
    if (object.lastModified.getTime() > cutoff) {
      kept++
      continue
    }
    orphans.push(object.key)
  }
  await options.beforeDelete?.()
  await catalog.storage.delete(orphans)
  const staging = sweepStaging(catalog.stagingRoot, { minAgeMs, now: catalog.clock().getTime() })
  return { deleted: orphans, kept, staging }
}
