/**
 * A snapshot id a request asks to read the catalog as of (`asOf`). The catalog's views would
 * show a snapshot that does not exist as the current data, and the client would take it for
 * the past: such an id is answered 404 naming it. Snapshot ids count up from 1 in commit order and
 * are never removed, so an id exists exactly when it is between 1 and the latest.
 */
import { latestSnapshotId, type Catalog } from '../../catalog/index.ts'
import { notFound } from '../http/api-error.ts'

export async function requireSnapshot(catalog: Catalog, id: number, field = 'asOf'): Promise<void> {
  const latest = await latestSnapshotId(catalog)
  if (id < 1 || id > latest) throw notFound(`${field}: no snapshot ${id} in the catalog (${latest === 0 ? 'it has none yet' : `snapshots are 1 to ${latest}`})`, field)
}
