/**
 * Catalog commits as the server announces them: a `catalog` event (CatalogEvent: snapshot,
 * tables, time) on a server-sent stream. The board re-runs the tiles that read a table named,
 * so a new MES dump reaches open boards without a reload. EventSource reconnects by itself;
 * the status says when it is trying, for the board's banner.
 */
import type { CatalogEvent } from '../../../server/index.ts'
import type { StreamStatus } from '../live/sensor-stream.ts'

export const CATALOG_STREAM = '/api/stream/catalog'

export interface CatalogHandlers {
  status(status: StreamStatus): void
  commit(event: CatalogEvent): void
}

export function openCatalogStream(handlers: CatalogHandlers, url = CATALOG_STREAM): () => void {
  const source = new EventSource(url)
  handlers.status('connecting')
  source.onopen = () => handlers.status('live')
  source.addEventListener('catalog', (event) => handlers.commit(JSON.parse((event as MessageEvent<string>).data) as CatalogEvent))
  source.onerror = () => handlers.status(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
  return () => source.close()
}
