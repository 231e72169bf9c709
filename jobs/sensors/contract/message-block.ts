/**
 * The raw keys and values of one delivered batch (a Kafka fetch, a replay step), packed for the parser: one byte
 * buffer and, per message, where its key and value lie in it and its offset — a few typed
 * arrays that are transferred, not structured-cloned message by message. kafkajs decodes every
 * key and value as a view of the one fetch response, so packing is usually a single copy of the
 * span they cover. With the keys in the block, a rejected message's dead letter is built from
 * the thread's answer, and the event loop keeps none of kafkajs's message objects while a batch
 * waits for its answer (held, they outlived young-generation collections and made each dearer).
 */
import type { RawMessage } from '../source/index.ts'

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

/** Packs the messages at or above offset `from` (those below are in the pipeline already). */
export function packMessages(partition: number, messages: readonly RawMessage[], from: number, now: number): MessageBlock {
  const n = messages.length
  // Offsets increase within a batch; when the first and last are n − 1 apart they are
  // consecutive, and the strings between need not be parsed (compaction leaves gaps).
  const first = n === 0 ? 0 : Number(messages[0]!.offset)
  const consecutive = n > 0 && Number(messages[n - 1]!.offset) - first === n - 1
  const skip = consecutive ? Math.min(n, Math.max(0, from - first)) : 0
  const shared = sharedBuffer(messages, skip)
  if (shared === undefined) return packCopies(partition, messages, from, now, consecutive ? first : undefined)
  const count = n - skip
  const starts = new Int32Array(count)
  const ends = new Int32Array(count)
  const keyStarts = new Int32Array(count)
  const keyEnds = new Int32Array(count)
  const offsets = new Float64Array(count)
  const span: Span = { lo: 0x7fffffff, hi: 0 }
  for (let i = 0; i < count; i++) {
    const message = messages[skip + i]!
    offsets[i] = consecutive ? first + skip + i : Number(message.offset)
    place(message.value, starts, ends, i, span)
    place(message.key, keyStarts, keyEnds, i, span)
  }
  if (!consecutive && count > 0 && offsets[0]! < from) return packCopies(partition, messages, from, now, undefined)
  const { lo, hi } = span.hi < span.lo ? { lo: 0, hi: 0 } : span
  // One copy of the span (the keys and values plus the record headers between them), rebased to 0.
  const bytes = new Uint8Array(hi - lo)
  bytes.set(new Uint8Array(shared, lo, hi - lo))
  rebase(starts, ends, lo)
  rebase(keyStarts, keyEnds, lo)
  return { partition, now, bytes, starts, ends, keyStarts, keyEnds, offsets }
}

/** Where in the shared buffer the keys and values placed so far lie: [lo, hi). */
interface Span {
  lo: number
  hi: number
}

/** Records where a key or value lies in the shared buffer (−1 for none) and widens the span. */
function place(bytes: Buffer | null | undefined, startsAt: Int32Array, endsAt: Int32Array, i: number, span: Span): void {
  if (bytes === null || bytes === undefined) {
    startsAt[i] = endsAt[i] = -1
    return
  }
  const at = bytes.byteOffset
  const end = at + bytes.length
  startsAt[i] = at
  endsAt[i] = end
  if (at < span.lo) span.lo = at
  if (end > span.hi) span.hi = end
}

/**
 * The one buffer every key and value from index `skip` on is a view of — as kafkajs decodes an
 * uncompressed fetch — or undefined when they come from several (decompressed record batches).
 */
function sharedBuffer(messages: readonly RawMessage[], skip: number): ArrayBufferLike | undefined {
  let shared: ArrayBufferLike | undefined
  for (let i = skip; i < messages.length; i++) {
    const { key, value } = messages[i]!
    if (value !== null) {
      shared ??= value.buffer
      if (value.buffer !== shared) return undefined
    }
    if (key !== null && key !== undefined) {
      shared ??= key.buffer
      if (key.buffer !== shared) return undefined
    }
  }
  return shared ?? new ArrayBuffer(0)
}

function rebase(startsAt: Int32Array, endsAt: Int32Array, lo: number): void {
  for (let i = 0; i < startsAt.length; i++) {
    if (startsAt[i]! < 0) continue
    startsAt[i] = startsAt[i]! - lo
    endsAt[i] = endsAt[i]! - lo
  }
}

/** Each key and value copied on its own (they come from different buffers), with offsets filtered one by one when `first` is not given. */
function packCopies(partition: number, messages: readonly RawMessage[], from: number, now: number, first: number | undefined): MessageBlock {
  const kept: { offset: number; message: RawMessage }[] = []
  for (let i = 0; i < messages.length; i++) {
    const offset = first === undefined ? Number(messages[i]!.offset) : first + i
    if (offset >= from) kept.push({ offset, message: messages[i]! })
  }
  const count = kept.length
  let total = 0
  for (const { message } of kept) total += (message.value?.length ?? 0) + (message.key?.length ?? 0)
  const block: MessageBlock = { partition, now, bytes: new Uint8Array(total), starts: new Int32Array(count), ends: new Int32Array(count), keyStarts: new Int32Array(count), keyEnds: new Int32Array(count), offsets: new Float64Array(count) }
  let at = 0
  const copy = (bytes: Buffer | null | undefined, startsAt: Int32Array, endsAt: Int32Array, i: number): void => {
    if (bytes === null || bytes === undefined) {
      startsAt[i] = endsAt[i] = -1
      return
    }
    block.bytes.set(bytes, at)
    startsAt[i] = at
    endsAt[i] = at + bytes.length
    at += bytes.length
  }
  kept.forEach(({ offset, message }, i) => {
    block.offsets[i] = offset
    copy(message.value, block.starts, block.ends, i)
    copy(message.key, block.keyStarts, block.keyEnds, i)
  })
  return block
}

/** The buffers of a block to transfer with it. */
export function blockTransfer(block: MessageBlock): ArrayBuffer[] {
  return [block.bytes.buffer, block.starts.buffer, block.ends.buffer, block.keyStarts.buffer, block.keyEnds.buffer, block.offsets.buffer] as ArrayBuffer[]
}
