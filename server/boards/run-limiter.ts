/**
 * How many of one board's tile runs go to the SQL service at once. The service queues at most 8
 * waiting queries per user (then answers `busy`), and a board's shared runs queue as one user;
 * a board with more distinct cells than that would see its last tiles refused on a cold open.
 * So a board's runs wait here, in order, for one of a few slots — in this process, where waiting
 * costs nothing — and a run whose viewers all left before its turn never starts.
 */

export class RunLimiter {
  readonly #waiting: (() => void)[] = []
  #running = 0

  constructor(readonly slots: number) {}

  /** Runs `work` once a slot is free; rejects with `cancelled()` if `signal` aborts first. */
  async run<T>(work: () => Promise<T>, signal: AbortSignal, cancelled: () => Error): Promise<T> {
    await this.#acquire(signal, cancelled)
    try {
      return await work()
    } finally {
      this.#release()
    }
  }

  get pending(): number {
    return this.#running + this.#waiting.length
  }

  #acquire(signal: AbortSignal, cancelled: () => Error): Promise<void> {
    if (signal.aborted) return Promise.reject(cancelled())
    if (this.#running < this.slots) {
      this.#running++
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const start = (): void => {
        signal.removeEventListener('abort', leave)
        this.#running++
        resolve()
      }
      const leave = (): void => {
        const at = this.#waiting.indexOf(start)
        if (at >= 0) this.#waiting.splice(at, 1)
        reject(cancelled())
      }
      this.#waiting.push(start)
      signal.addEventListener('abort', leave, { once: true })
    })
  }

  #release(): void {
    this.#running--
    this.#waiting.shift()?.()
  }
}
