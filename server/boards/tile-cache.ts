/**
 * Shared tile results: one entry per (board version, notebook, cell, bound inputs, catalog
 * snapshot), and one run in flight per key — the 50th viewer of a board waits for the first
 * viewer's run instead of starting its own (single flight, as Observable Framework's loaders
 * share one running map). A run belongs to no single viewer: it goes on while anyone waits for
 * it, and is stopped once every viewer waiting has gone. An entry lives until the tile's refresh
 * interval passes (SQL may read `now()`); a new catalog snapshot of the tables read is a new key
 * anyway. Failed runs are not kept. Bounded by entries and by weight (a result's rows): the
 * oldest entries go first. The counters feed /api/metrics and the benchmark.
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

export interface TileCacheOptions<T> {
  maxEntries?: number
  clock?: () => number
  /** Whether a result is worth keeping (default: all); a run that failed as a value is not. */
  keep?: (value: T) => boolean
  /** A result's weight (e.g. its rows) and the most all kept results may weigh together. */
  weigh?: (value: T) => number
  maxWeight?: number
}

interface Running<T> {
  result: Promise<CachedRun<T>>
  controller: AbortController
  waiters: number
}

export class TileCache<T> {
  readonly #entries = new Map<string, CachedRun<T>>()
  readonly #running = new Map<string, Running<T>>()
  readonly #maxEntries: number
  readonly #clock: () => number
  readonly #keepValue: (value: T) => boolean
  readonly #weigh: (value: T) => number
  readonly #maxWeight: number
  #weight = 0
  #runs = 0
  #hits = 0
  #joined = 0

  constructor(options: TileCacheOptions<T> = {}) {
    this.#maxEntries = options.maxEntries ?? 1000
    this.#clock = options.clock ?? Date.now
    this.#keepValue = options.keep ?? (() => true)
    this.#weigh = options.weigh ?? (() => 0)
    this.#maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY
  }

  /**
   * The kept result of `key` if younger than `maxAgeMs`, else the run in flight, else a new run.
   * `waiter` is the asking viewer's signal: when every viewer of a run has gone, its signal aborts.
   */
  async get(key: string, maxAgeMs: number, run: (signal: AbortSignal) => Promise<T>, waiter?: AbortSignal): Promise<CachedRun<T> & { cached: boolean }> {
    const kept = this.#entries.get(key)
    if (kept !== undefined && this.#clock() - kept.computedAt < maxAgeMs) {
      this.#hits++
      return { ...kept, cached: true }
    }
    let running = this.#running.get(key)
    const joined = running !== undefined
    if (running === undefined) running = this.#start(key, run)
    else this.#joined++
    this.#wait(running, waiter)
    return { ...(await running.result), cached: joined }
  }

  stats(): TileCacheStats {
    return { runs: this.#runs, hits: this.#hits, joined: this.#joined, entries: this.#entries.size }
  }

  #start(key: string, run: (signal: AbortSignal) => Promise<T>): Running<T> {
    this.#runs++
    const controller = new AbortController()
    const result = (async () => {
      try {
        const value = { value: await run(controller.signal), computedAt: this.#clock() }
        if (!controller.signal.aborted && this.#keepValue(value.value)) this.#keep(key, value)
        return value
      } finally {
        this.#running.delete(key)
      }
    })()
    const running = { result, controller, waiters: 0 }
    this.#running.set(key, running)
    return running
  }

  #wait(running: Running<T>, waiter: AbortSignal | undefined): void {
    running.waiters++
    if (waiter === undefined) return
    const leave = (): void => {
      running.waiters--
      if (running.waiters === 0) running.controller.abort()
    }
    if (waiter.aborted) return leave()
    waiter.addEventListener('abort', leave, { once: true })
    void running.result.finally(() => waiter.removeEventListener('abort', leave)).catch(() => undefined)
  }

  #keep(key: string, result: CachedRun<T>): void {
    this.#drop(key)
    this.#entries.set(key, result)
    this.#weight += this.#weigh(result.value)
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const old of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries && this.#weight <= this.#maxWeight) break
      this.#drop(old)
    }
  }

  #drop(key: string): void {
    const kept = this.#entries.get(key)
    if (kept === undefined) return
    this.#weight -= this.#weigh(kept.value)
    this.#entries.delete(key)
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
