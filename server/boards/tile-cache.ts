/**
 * Shared tile results: one entry per (board version, notebook, cell, bound inputs, catalog
 * snapshot), and one run in flight per key — the 50th viewer of a board waits for the first
 * viewer's run instead of starting its own (single flight, as Observable Framework's loaders
 * share one running map). An entry lives until the tile's refresh interval passes (SQL may read
 * `now()`); a new catalog snapshot of the tables read is a new key anyway. Failed runs are not
 * kept. Bounded: the oldest entries go first. The counters feed /api/metrics and the benchmark.
 */

export interface CachedRun<T> {
  value: T
  /** Epoch ms when the run finished. */
  computedAt: number
}

export interface TileCacheStats {
  runs: number
  hits: number
  /** Requests that joined a run already in flight. */
  joined: number
  entries: number
}

export interface TileCacheOptions {
  maxEntries?: number
  clock?: () => number
}

export class TileCache<T> {
  readonly #entries = new Map<string, CachedRun<T>>()
  readonly #running = new Map<string, Promise<CachedRun<T>>>()
  readonly #maxEntries: number
  readonly #clock: () => number
  #runs = 0
  #hits = 0
  #joined = 0

  constructor(options: TileCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 1000
    this.#clock = options.clock ?? Date.now
  }

  /** The kept result of `key` if younger than `maxAgeMs`, else the run in flight, else a new run. */
  async get(key: string, maxAgeMs: number, run: () => Promise<T>): Promise<CachedRun<T> & { cached: boolean }> {
    const kept = this.#entries.get(key)
    if (kept !== undefined && this.#clock() - kept.computedAt < maxAgeMs) {
      this.#hits++
      return { ...kept, cached: true }
    }
    const running = this.#running.get(key)
    if (running !== undefined) {
      this.#joined++
      return { ...(await running), cached: true }
    }
    const started = this.#start(key, run)
    return { ...(await started), cached: false }
  }

  stats(): TileCacheStats {
    return { runs: this.#runs, hits: this.#hits, joined: this.#joined, entries: this.#entries.size }
  }

  #start(key: string, run: () => Promise<T>): Promise<CachedRun<T>> {
    this.#runs++
    const started = (async () => {
      try {
        const result = { value: await run(), computedAt: this.#clock() }
        this.#keep(key, result)
        return result
      } finally {
        this.#running.delete(key)
      }
    })()
    this.#running.set(key, started)
    return started
  }

  #keep(key: string, result: CachedRun<T>): void {
    this.#entries.delete(key)
    this.#entries.set(key, result)
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const old of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break
      this.#entries.delete(old)
    }
  }
}

/** Prometheus lines of the tile cache, for /api/metrics. */
export function tileCacheMetricLines(stats: TileCacheStats): string[] {
  return [
    '# HELP cockpit_board_tile_runs_total Tile cell runs on the server (a shared result counts once).',
    '# TYPE cockpit_board_tile_runs_total counter',
    `cockpit_board_tile_runs_total ${stats.runs}`,
    '# HELP cockpit_board_tile_cache_hits_total Tile requests answered from a kept result or a run in flight.',
    '# TYPE cockpit_board_tile_cache_hits_total counter',
    `cockpit_board_tile_cache_hits_total ${stats.hits + stats.joined}`,
    '# TYPE cockpit_board_tile_cache_entries gauge',
    `cockpit_board_tile_cache_entries ${stats.entries}`,
  ]
}
