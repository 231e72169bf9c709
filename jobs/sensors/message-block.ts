/**
 * The raw keys and values of one fetched Kafka batch, packed for the parser thread: one byte
 * buffer and, per message, where its key and value lie in it and its offset — a few typed
 * arrays that are transferred, not structured-cloned message by message. kafkajs decodes every
 * key and value as a view of the one fetch response, so packing is usually a single copy of the
 * span they cover. With the keys in the block, a rejected message's dead letter is built from
 * the thread's answer, and the event loop keeps none of kafkajs's message objects while a batch
 * waits for its answer (held, they outlived young-generation collections and made each dearer).
 */
export interface MessageBlock {
  partition: number
  /** Receive time, epoch ms (one per fetched batch). */
  now: number
  bytes: Uint8Array
  /** Per message: its value's start and end in `bytes`; start −1 for a null value. */
  starts: Int32Array
  ends: Int32Array
  /** Per message: its key's start and end in `bytes`; start −1 for a null key. */
  keyStarts: Int32Array
  keyEnds: Int32Array
  offsets: Float64Array
}

export interface RawMessage {
  offset: string
  key?: Buffer | null
  value: Buffer | null
}

/** Packs the messages at or above offset `from` (those below are in the pipeline already). */
export function packMessages(partition: number, messages: readonly RawMessage[], from: number, now: number): MessageBlock {
  const n = messages.length
  const starts = new Int32Array(n)
  const ends = new Int32Array(n)
  const keyStarts = new Int32Array(n)
  const keyEnds = new Int32Array(n)
  const offsets = new Float64Array(n)
  /** Per packed message: its index in `messages`. */
  const sources = new Int32Array(n)
  let count = 0
  let shared: ArrayBufferLike | undefined
  let sameBuffer = true
  let lo = Number.POSITIVE_INFINITY
  let hi = 0
  /** Where a key or value lies in the shared response buffer, or −1 for null. */
  const place = (bytes: Buffer | null | undefined, startsAt: Int32Array, endsAt: Int32Array, i: number): void => {
    if (bytes === null || bytes === undefined) {
      startsAt[i] = -1
      endsAt[i] = -1
      return
    }
    shared ??= bytes.buffer
    if (bytes.buffer !== shared) sameBuffer = false
    startsAt[i] = bytes.byteOffset
    endsAt[i] = bytes.byteOffset + bytes.length
    if (bytes.byteOffset < lo) lo = bytes.byteOffset
    if (bytes.byteOffset + bytes.length > hi) hi = bytes.byteOffset + bytes.length
  }
  // Offsets increase within a batch; when the first and last are n − 1 apart they are
  // consecutive, and the strings between need not be parsed (compaction leaves gaps).
  const first = n === 0 ? 0 : Number(messages[0]!.offset)
  const consecutive = n > 0 && Number(messages[n - 1]!.offset) - first === n - 1
  for (let i = 0; i < n; i++) {
    const message = messages[i]!
    const offset = consecutive ? first + i : Number(message.offset)
    if (offset < from) continue
    offsets[count] = offset
    sources[count] = i
    place(message.value, starts, ends, count)
    place(message.key, keyStarts, keyEnds, count)
    count++
  }
  let bytes: Uint8Array
  if (shared === undefined) bytes = new Uint8Array(0)
  else if (sameBuffer) {
    // One copy of the span (the keys and values plus the record headers between them), rebased to 0.
    bytes = new Uint8Array(hi - lo)
    bytes.set(new Uint8Array(shared, lo, hi - lo))
    for (const [startsAt, endsAt] of [[starts, ends], [keyStarts, keyEnds]] as const) {
      for (let i = 0; i < count; i++) {
        if (startsAt[i]! < 0) continue
        startsAt[i] = startsAt[i]! - lo
        endsAt[i] = endsAt[i]! - lo
      }
    }
  } else {
    // From different buffers (e.g. decompressed record batches): copy each.
    let total = 0
    for (let i = 0; i < count; i++) {
      if (starts[i]! >= 0) total += ends[i]! - starts[i]!
      if (keyStarts[i]! >= 0) total += keyEnds[i]! - keyStarts[i]!
    }
    bytes = new Uint8Array(total)
    let at = 0
    const copy = (from: Buffer | null | undefined, startsAt: Int32Array, endsAt: Int32Array, i: number): void => {
      if (from === null || from === undefined) return
      bytes.set(from, at)
      startsAt[i] = at
      endsAt[i] = at + from.length
      at += from.length
    }
    for (let i = 0; i < count; i++) {
      const message = messages[sources[i]!]!
      copy(message.value, starts, ends, i)
      copy(message.key, keyStarts, keyEnds, i)
    }
  }
  // Trimmed only when messages were skipped (rare): a copy of each array per batch is garbage on the event loop.
  if (count === n) return { partition, now, bytes, starts, ends, keyStarts, keyEnds, offsets }
  const trim = <T extends Int32Array | Float64Array>(array: T): T => array.slice(0, count) as T
  return { partition, now, bytes, starts: trim(starts), ends: trim(ends), keyStarts: trim(keyStarts), keyEnds: trim(keyEnds), offsets: trim(offsets) }
}

/** The buffers of a block to transfer with it. */
export function blockTransfer(block: MessageBlock): ArrayBuffer[] {
  return [block.bytes.buffer, block.starts.buffer, block.ends.buffer, block.keyStarts.buffer, block.keyEnds.buffer, block.offsets.buffer] as ArrayBuffer[]
}
