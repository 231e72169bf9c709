/** Latencies in whole milliseconds, counted per millisecond, merged across processes. */
export class LatencyHistogram {
  private counts = new Map<number, number>()

  add(ms: number): void {
    const bucket = Math.max(0, Math.round(ms))
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1)
  }

  merge(entries: readonly [number, number][]): void {
    for (const [ms, n] of entries) this.counts.set(ms, (this.counts.get(ms) ?? 0) + n)
  }

  reset(): void {
    this.counts = new Map()
  }

  entries(): [number, number][] {
    return [...this.counts]
  }

  get count(): number {
    let total = 0
    for (const n of this.counts.values()) total += n
    return total
  }

  /** The smallest latency at or below which `q` (0..1) of the samples fall. */
  quantile(q: number): number {
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0])
    const target = Math.ceil(q * this.count)
    let seen = 0
    for (const [ms, n] of sorted) {
      seen += n
      if (seen >= target) return ms
    }
    return Number.NaN
  }

  get max(): number {
    return Math.max(...this.counts.keys())
  }
}
