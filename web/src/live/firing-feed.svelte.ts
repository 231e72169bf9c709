/**
 * The alert firings a live chart draws, kept current: the firings of the window asked of the
 * server once (GET /api/alerts/firings, or a kiosk link's own: ./firing-source.ts), then every
 * transition from the page's one shared alert stream. A wider window asks only for what it adds; back from a lost stream it asks again (a
 * firing may have resolved meanwhile). A failed load is said (`problem`), the charts then show
 * what the stream brings.
 */
import type { FiringSpanList } from '../alerts/alert-types.ts'
import { subscribeAlertStream } from '../alerts/alert-stream-hub.ts'
import { request, type ApiProblem } from '../lib/api.ts'
import { SIGNED_IN_FIRINGS, type FiringSource } from './firing-source.ts'
import { applyAlertEvent, dropEndedBefore, mergeFirings } from './firing-spans.ts'
import type { FiringSpan } from '../alerts/alert-types.ts'

/** Label filters the server applies (a board tile's machine or sensor). */
export interface FiringFilter {
  machine_id?: string
  sensor_id?: string
}

/** The stream's clock and the server's may differ a little: a firing that began "now" is still asked for. */
const AHEAD_MS = 60_000

export class FiringFeed {
  firings: FiringSpan[] = $state([])
  problem: ApiProblem | undefined = $state()
  #coveredFrom = Infinity
  #spanMs = 0
  readonly #filter: FiringFilter
  readonly #source: FiringSource

  constructor(filter: FiringFilter = {}, source: FiringSource = SIGNED_IN_FIRINGS) {
    this.#filter = filter
    this.#source = source
  }

  /** Listens to the alert stream and loads the last `spanMs`; answers the function that stops it. */
  start(spanMs: number): () => void {
    let lost = false
    const stop = subscribeAlertStream({
      status: (status) => {
        if (status === 'reconnecting' || status === 'closed') lost = true
        else if (status === 'live' && lost) {
          lost = false
          this.#coveredFrom = Infinity
          void this.cover(this.#spanMs)
        }
      },
      event: (event) => {
        if (Object.entries(this.#filter).every(([label, value]) => value === undefined || event.labels[label] === value)) this.firings = applyAlertEvent(this.firings, event)
      },
    }, this.#source.stream)
    void this.cover(spanMs)
    return stop
  }

  /** Makes sure the firings of the last `spanMs` are known. */
  async cover(spanMs: number): Promise<void> {
    this.#spanMs = Math.max(this.#spanMs, spanMs)
    const now = Date.now()
    const from = now - spanMs
    if (from >= this.#coveredFrom) return
    const to = Number.isFinite(this.#coveredFrom) ? this.#coveredFrom : now + AHEAD_MS
    this.#coveredFrom = from
    const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })
    for (const [label, value] of Object.entries(this.#filter)) if (value !== undefined) query.set(label, value)
    const result = await request<FiringSpanList>(`${this.#source.firings}?${query}`)
    if (result.error) {
      this.problem = result.error
      this.#coveredFrom = Infinity
      return
    }
    this.problem = undefined
    this.firings = mergeFirings(this.firings, result.data.firings)
  }

  /** Forgets firings that ended before `since` (out of every window shown). */
  prune(since: number): void {
    if (this.firings.some((firing) => firing.end !== null && Date.parse(firing.end) < since)) this.firings = dropEndedBefore(this.firings, since)
  }
}
