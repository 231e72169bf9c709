/**
 * A per-second rate of a growing counter over a trailing window (the last minute by default),
 * from samples of its total: no work per reading, only a sample every few seconds.
 */
export interface CounterRateOptions {
  windowMs?: number
}

export class CounterRate {
  private readonly samples: { at: number; total: number }[] = []
  private readonly windowMs: number

  constructor(options: CounterRateOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000
  }

  sample(at: number, total: number): void {
    this.samples.push({ at, total })
    // Keep one sample at or before the window's start, so the rate spans the whole window.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift()
  }

  /** Time between the oldest kept sample and the newest: a rate over milliseconds says little. */
  spanMs(): number {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    return first === undefined || last === undefined ? 0 : last.at - first.at
  }

  /** Per second between the oldest kept sample and the newest; 0 until there are two. */
  perSecond(): number {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    if (first === undefined || last === undefined || last.at <= first.at) return 0
    return ((last.total - first.total) * 1000) / (last.at - first.at)
  }
}
