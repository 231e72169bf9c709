/**
 * Catalog commits as events for open boards: the app database's `catalog_snapshots` is polled
 * while anyone listens (every 500 ms; one indexed read), so a commit by any process sharing the
 * database — this server's jobs, `cockpit ingest` from a shell — reaches open boards within a
 * second, with no hook in catalog/ (which does no I/O beyond its commit). Each new snapshot is
 * one `catalog` event: the tables it changed and its id, so a board re-runs just the tiles that
 * read those tables.
 */
import type { AppDb } from '../../db/index.ts'
import type { CatalogEvent } from './board-schemas.ts'

export type CatalogListener = (event: CatalogEvent) => void

export interface CatalogWatchOptions {
  db: AppDb
  intervalMs?: number
  onError?: (error: unknown) => void
}

export class CatalogWatch {
  readonly #listeners = new Set<CatalogListener>()
  readonly #options: CatalogWatchOptions
  #timer: NodeJS.Timeout | undefined
  #last: number | undefined
  #polling: Promise<void> | undefined

  constructor(options: CatalogWatchOptions) {
    this.#options = options
  }

  /**
   * Listens until `close` is called. `ready` resolves with the snapshot events start after, once
   * the watch knows it: a commit after that is never missed.
   */
  subscribe(listener: CatalogListener): { ready: Promise<number>; close: () => void } {
    this.#listeners.add(listener)
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.poll(), this.#options.intervalMs ?? 500)
      this.#timer.unref()
    }
    const ready = this.#last !== undefined ? Promise.resolve(this.#last) : this.poll().then(() => this.#last ?? 0)
    return {
      ready,
      close: () => {
        this.#listeners.delete(listener)
        if (this.#listeners.size === 0) this.stop()
      },
    }
  }

  get listeners(): number {
    return this.#listeners.size
  }

  /** Emits the snapshots committed since the last poll (the first poll only marks where it starts). */
  async poll(): Promise<void> {
    if (this.#polling !== undefined) return this.#polling
    this.#polling = this.#poll().finally(() => {
      this.#polling = undefined
    })
    return this.#polling
  }

  async #poll(): Promise<void> {
    try {
      if (this.#last === undefined) {
        const latest = await this.#options.db.selectFrom('catalog_snapshots').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
        this.#last = latest?.id ?? 0
        return
      }
      const rows = await this.#options.db.selectFrom('catalog_snapshots').selectAll().where('id', '>', this.#last).orderBy('id').limit(100).execute()
      for (const row of rows) {
        this.#last = row.id
        const event: CatalogEvent = { snapshot: row.id, tables: JSON.parse(row.tables) as string[], committedAt: row.committed_at, operation: row.operation }
        for (const listener of this.#listeners) listener(event)
      }
    } catch (error) {
      // A busy or closing database: the next poll tries again; the listeners miss nothing.
      this.#options.onError?.(error)
    }
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    // The next subscriber starts from the then-latest snapshot.
    this.#last = undefined
  }
}
