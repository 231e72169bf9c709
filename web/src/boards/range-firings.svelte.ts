/**
 * The alert firings over a chart tile's time extent (chart-time-extent.ts), asked of the server
 * once per extent: a tile's data changes when its cell runs again, and only then may its span.
 * A failed answer leaves the chart without spans — its data is still right — and says why in
 * `problem` for the tile's caption.
 */
import type { FiringSpan, FiringSpanList } from '../alerts/alert-types.ts'
import { request } from '../lib/api.ts'
import { SIGNED_IN_FIRINGS, type FiringSource } from '../live/firing-source.ts'
import type { TimeExtent } from './chart-time-extent.ts'

export class RangeFirings {
  firings: FiringSpan[] = $state([])
  problem: string | undefined = $state()
  #key = ''
  readonly #source: FiringSource

  constructor(source: FiringSource = SIGNED_IN_FIRINGS) {
    this.#source = source
  }

  async load(extent: TimeExtent): Promise<void> {
    const key = `${extent.from}/${extent.to}`
    if (key === this.#key) return
    this.#key = key
    // `to` is exclusive on the server: the last point's own instant is included.
    const query = new URLSearchParams({ from: new Date(extent.from).toISOString(), to: new Date(extent.to + 1).toISOString(), limit: '500' })
    const result = await request<FiringSpanList>(`${this.#source.firings}?${query}`)
    if (this.#key !== key) return
    this.problem = result.error?.message
    this.firings = result.data?.firings ?? []
  }
}
