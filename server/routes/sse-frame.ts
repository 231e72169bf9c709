/**
 * A live-hub event as the bytes of one Server-Sent Events frame (`id`, `event`, `data`), made
 * once per event object: the hub hands the same object to every subscriber without a filter,
 * so thousands of clients share one JSON string and one buffer instead of a copy each. The
 * cache is weak, so a frame lives exactly as long as some queue still holds its event.
 */
import type { LiveEvent } from '../../jobs/index.ts'

const encoder = new TextEncoder()
const frames = new WeakMap<LiveEvent, Uint8Array>()

/** A comment line: keeps proxies from closing an idle stream. */
export const HEARTBEAT_FRAME = encoder.encode(': heartbeat\n\n')

export function sseFrame(event: LiveEvent): Uint8Array {
  let frame = frames.get(event)
  if (frame === undefined) {
    // JSON.stringify never emits a raw newline, so the data fits on one `data:` line.
    frame = encoder.encode(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`)
    frames.set(event, frame)
  }
  return frame
}
