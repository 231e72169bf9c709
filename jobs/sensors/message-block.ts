/**
 * The raw values of one fetched Kafka batch, packed for the parser thread: one byte buffer and,
 * per message, where its value lies in it and its offset — a few typed arrays that are
 * transferred, not structured-cloned message by message. kafkajs decodes every value as a view
 * of the one fetch response, so packing is usually a single copy of the span the values cover.
 */
export interface MessageBlock {
  partition: number
  /** Receive time, epoch ms (one per fetched batch). */
  now: number
  bytes: Uint8Array
  /** Per message: its value's start and end in `bytes`; start −1 for a null value. */
  starts: Int32Array
  ends: Int32Array
  offsets: Float64Array
  /** Per message: its index in the fetched batch (the dead-letter producer needs the original). */
  sources: Int32Array
}

export interface RawMessage {
  offset: string
  value: Buffer | null
}

/** Packs the messages at or above offset `from` (those below are in the pipeline already). */
export function packMessages(partition: number, messages: readonly RawMessage[], from: number, now: number): MessageBlock {
  const n = messages.length
  const starts = new Int32Array(n)
  const ends = new Int32Array(n)
  const offsets = new Float64Array(n)
  const sources = new Int32Array(n)
  let count = 0
  let shared: ArrayBufferLike | undefined
  let sameBuffer = true
  let lo = Number.POSITIVE_INFINITY
  let hi = 0
  // Offsets increase within a batch; when the first and last are n − 1 apart they are
  // consecutive, and the strings between need not be parsed (compaction leaves gaps).
  const first = n === 0 ? 0 : Number(messages[0]!.offset)
  const consecutive = n > 0 && Number(messages[n - 1]!.offset) - first === n - 1
  for (let i = 0; i < n; i++) {
    const message = messages[i]!
    const offset = consecutive ? first + i : Number(message.offset)
    if (offset < from) continue
    const value = message.value
    offsets[count] = offset
    sources[count] = i
    if (value === null) {
      starts[count] = -1
      ends[count] = -1
    } else {
      shared ??= value.buffer
      if (value.buffer !== shared) sameBuffer = false
      starts[count] = value.byteOffset
      ends[count] = value.byteOffset + value.length
      if (value.byteOffset < lo) lo = value.byteOffset
      if (value.byteOffset + value.length > hi) hi = value.byteOffset + value.length
    }
    count++
  }
  let bytes: Uint8Array
  if (shared === undefined) bytes = new Uint8Array(0)
  else if (sameBuffer) {
    // One copy of the span (the values plus the record headers between them), rebased to 0.
    bytes = new Uint8Array(hi - lo)
    bytes.set(new Uint8Array(shared, lo, hi - lo))
    for (let i = 0; i < count; i++) {
      if (starts[i]! < 0) continue
      starts[i] = starts[i]! - lo
      ends[i] = ends[i]! - lo
    }
  } else {
    // Values from different buffers (e.g. decompressed record batches): copy each.
    let total = 0
    for (let i = 0; i < count; i++) if (starts[i]! >= 0) total += ends[i]! - starts[i]!
    bytes = new Uint8Array(total)
    let at = 0
    for (let i = 0; i < count; i++) {
      if (starts[i]! < 0) continue
      const value = messages[sources[i]!]!.value!
      bytes.set(value, at)
      starts[i] = at
      ends[i] = at + value.length
      at += value.length
    }
  }
  // Trimmed only when messages were skipped (rare): a copy of each array per batch is garbage on the event loop.
  if (count === n) return { partition, now, bytes, starts, ends, offsets, sources }
  return { partition, now, bytes, starts: starts.slice(0, count), ends: ends.slice(0, count), offsets: offsets.slice(0, count), sources: sources.slice(0, count) }
}

/** The buffers of a block to transfer with it; `sources` stays with the sender (a copy travels). */
export function blockTransfer(block: MessageBlock): ArrayBuffer[] {
  return [block.bytes.buffer, block.starts.buffer, block.ends.buffer, block.offsets.buffer] as ArrayBuffer[]
}
