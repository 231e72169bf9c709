/**
 * Keeps the Iceberg export up to date as commits finish: each commit notifies, and one publish
 * at a time runs `publishIceberg` (./publish.ts), which publishes every snapshot still pending —
 * so commits arriving during a publish are coalesced into the next run, none is skipped, and a
 * commit never waits for (or fails because of) the export. A failed publish is logged and
 * retried at the next commit; until then readers see the last published snapshot.
 * Why a hook rather than a scheduled job: readers see a commit within one publish (tens of ms
 * for a small commit, docs/iceberg.md) and an idle catalog costs nothing.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Catalog } from '../catalog.ts'
import { publishIceberg, type PublishResult } from './publish.ts'

export interface IcebergPublisherOptions {
  catalog: Catalog
  /** A DuckDB connection for one publish run, closed after it. */
  openConnection: () => Promise<{ connection: DuckDBConnection; close(): void }>
  onPublished?: (result: PublishResult) => void
  onError?: (error: Error) => void
}

export interface IcebergPublisher {
  /** A commit finished: publish soon. */
  notify(): void
  /** Resolves once no publish is running or pending. */
  idle(): Promise<void>
}

export function createIcebergPublisher(options: IcebergPublisherOptions): IcebergPublisher {
  let running: Promise<void> | undefined
  let pending = false

  const runOnce = async (): Promise<void> => {
    const session = await options.openConnection()
    try {
      options.onPublished?.(await publishIceberg(options.catalog, session.connection))
    } finally {
      session.close()
    }
  }
  const loop = async (): Promise<void> => {
    while (pending) {
      pending = false
      await runOnce().catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))))
    }
    running = undefined
  }
  return {
    notify() {
      pending = true
      running ??= loop()
    },
    async idle() {
      while (running !== undefined) await running
    },
  }
}
