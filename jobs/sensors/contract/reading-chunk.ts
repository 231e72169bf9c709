/**
 * Validated readings of one partition as columns of numbers: what the parser thread hands back
 * (transferred, not copied), what a micro-batch holds and what the loader writes to DuckDB. A
 * reading object per message had made the garbage collector a seventh of the consumer's time.
 */
export interface ReadingChunk {
  partition: number
  count: number
  /** (sensor, machine) codes of ./sensor-ids.ts. */
  codes: Int32Array
  /** Event time, epoch ms. */
  ts: Float64Array
  temperatureC: Float64Array
  /** Kafka offsets; exact as doubles (they stay far below 2^53). */
  offsets: Float64Array
}

/** Appends readings to growing columns; `finish` trims them to a chunk. */
export class ReadingChunkBuilder {
  private codes: Int32Array
  private ts: Float64Array
  private temperatureC: Float64Array
  private offsets: Float64Array
  count = 0
  /** Largest event time appended. */
  maxTs = Number.NEGATIVE_INFINITY

  constructor(
    readonly partition: number,
    capacity = 1024,
  ) {
    this.codes = new Int32Array(capacity)
    this.ts = new Float64Array(capacity)
    this.temperatureC = new Float64Array(capacity)
    this.offsets = new Float64Array(capacity)
  }

  add(code: number, ts: number, temperatureC: number, offset: number): void {
    if (this.count === this.codes.length) this.grow()
    const i = this.count++
    this.codes[i] = code
    this.ts[i] = ts
    this.temperatureC[i] = temperatureC
    this.offsets[i] = offset
    if (ts > this.maxTs) this.maxTs = ts
  }

  /** The chunk; the builder is done with (its full arrays are handed over as they are, not copied). */
  finish(): ReadingChunk {
    const n = this.count
    if (n === this.codes.length) return { partition: this.partition, count: n, codes: this.codes, ts: this.ts, temperatureC: this.temperatureC, offsets: this.offsets }
    return { partition: this.partition, count: n, codes: this.codes.slice(0, n), ts: this.ts.slice(0, n), temperatureC: this.temperatureC.slice(0, n), offsets: this.offsets.slice(0, n) }
  }

  private grow(): void {
    const size = Math.max(16, this.codes.length * 2)
    const widen = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from)
      return to
    }
    this.codes = widen(this.codes, new Int32Array(size))
    this.ts = widen(this.ts, new Float64Array(size))
    this.temperatureC = widen(this.temperatureC, new Float64Array(size))
    this.offsets = widen(this.offsets, new Float64Array(size))
  }
}
