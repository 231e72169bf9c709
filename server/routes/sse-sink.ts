/**
 * Where the live stream's frames go. Served by @hono/node-server (as `cockpit start` always
 * is), frames are written straight to Node's response: hono's streamSSE pipes every client
 * through a TransformStream and a ReadableStream and copies each string into its own buffer,
 * which measured about 3× the memory per connection of the socket itself (docs/sensors.md,
 * "Performance"). Anywhere else (e.g. `app.request` in a test) streamSSE is the sink.
 */
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { ServerResponse } from 'node:http'

export interface SseSink {
  /** Resolves when the frame is handed on (at once, unless the client is not keeping up). */
  write(frame: Uint8Array): Promise<void> | void
  readonly closed: boolean
  /** Called once when the client goes away. */
  onClose(listener: () => void): void
}

const HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' }

/** Runs `body` with a sink for this request and answers with the stream. */
export function sseResponse(c: Context, body: (sink: SseSink) => Promise<void>): Response | Promise<Response> {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  if (outgoing === undefined) return streamSSE(c, (stream) => body({ write: (frame) => stream.write(frame).then(() => undefined), get closed() { return stream.aborted || stream.closed }, onClose: (listener) => stream.onAbort(listener) }))
  // Headers middleware already set on the context (a refreshed session cookie) go out too.
  const prepared = c.res.headers
  for (const [name, value] of prepared) if (name !== 'set-cookie') outgoing.setHeader(name, value)
  if (prepared.getSetCookie().length > 0) outgoing.setHeader('set-cookie', prepared.getSetCookie())
  for (const [name, value] of Object.entries(HEADERS)) outgoing.setHeader(name, value)
  outgoing.writeHead(200)
  outgoing.flushHeaders()
  void body(nodeSink(outgoing)).finally(() => outgoing.end())
  // Reading the headers made Hono create a placeholder response, which it would merge into ours
  // as a new one that @hono/node-server sends again: drop it, then set ours as the answer.
  const answered = alreadySent()
  c.res = undefined
  c.res = answered
  return answered
}

/**
 * Tells @hono/node-server that the handler answered on `outgoing` itself (its
 * `x-hono-already-sent` marker). Its own RESPONSE_ALREADY_SENT only works when created before
 * the server replaced the global Response with its lightweight one: a lightweight response
 * with a null body takes a fast path that ignores the marker and writes the head a second
 * time. Reading `body` turns it into a full response, which the marker is checked on.
 */
function alreadySent(): Response {
  const response = new Response(null, { headers: { 'x-hono-already-sent': 'true' } })
  void response.body
  return response
}

function nodeSink(outgoing: ServerResponse): SseSink {
  return {
    write: (frame) => {
      if (outgoing.write(frame)) return
      // The socket's buffer is full: wait for it, so the hub's bounded queue takes the strain.
      return new Promise((resolve) => {
        const done = (): void => {
          outgoing.off('drain', done)
          outgoing.off('close', done)
          resolve()
        }
        outgoing.once('drain', done)
        outgoing.once('close', done)
      })
    },
    get closed() {
      return outgoing.destroyed || outgoing.writableEnded
    },
    onClose: (listener) => {
      outgoing.once('close', listener)
    },
  }
}
