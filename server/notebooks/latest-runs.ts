/**
 * The newest run wins, on the server too (issue 13): a run of a notebook by a user cancels that
 * user's run of the same notebook still going — its SQL leaves the queue or is interrupted in its
 * worker through the signal, as when a client goes away. Runs of other users or notebooks go on.
 */
export interface RunTicket {
  /** Aborts when the request's own signal does, or when a newer run replaces this one. */
  signal: AbortSignal
  /** True once a newer run replaced this one. */
  superseded(): boolean
  end(): void
}

export class LatestRuns {
  readonly #running = new Map<string, AbortController>()

  begin(key: string, requestSignal?: AbortSignal): RunTicket {
    this.#running.get(key)?.abort()
    const own = new AbortController()
    this.#running.set(key, own)
    return {
      signal: requestSignal === undefined ? own.signal : AbortSignal.any([requestSignal, own.signal]),
      superseded: () => own.signal.aborted,
      end: () => {
        if (this.#running.get(key) === own) this.#running.delete(key)
      },
    }
  }

  /** Runs in flight (for tests). */
  get size(): number {
    return this.#running.size
  }
}
