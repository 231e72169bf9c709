/**
 * Many SSE clients in one Node process, for the `fanout` and `latency` benchmarks: raw
 * http requests (no EventSource per client), so that thousands fit in a few processes and the
 * server's memory is measured alone. For every sensor in every `live` event it takes its
 * latest reading's `"ts":` — an event time the producer stamped with its send time — and
 * records receipt time minus it in a 1 ms histogram.
 *
 * IPC commands: {type: 'connect', url, count, headers?, deadlineMs?} → {type: 'connected', open};
 * {type: 'reset'}; {type: 'report'} → {type: 'report', histogram: [ms, n][], events, open,
 * errors}; {type: 'close'}.
 */
import { request, type IncomingMessage } from 'node:http'
import { LatencyHistogram } from './latency-histogram.ts'

const histogram = new LatencyHistogram()
const open = new Set<IncomingMessage>()
let events = 0
let errors = 0

function onFrames(text: string): void {
  let from = 0
  for (;;) {
    const end = text.indexOf('\n\n', from)
    if (end < 0) return
    const frame = text.slice(from, end)
    from = end + 2
    if (!frame.startsWith('event: live') && !frame.includes('\nevent: live')) continue
    events++
    const now = Date.now()
    // Every sensor in the event: its latest reading's event time (`"latest":{"ts":…`).
    for (let at = frame.indexOf('"ts":'); at >= 0; at = frame.indexOf('"ts":', at + 5)) {
      histogram.add(now - Number.parseInt(frame.slice(at + 5, at + 25), 10))
    }
  }
}

function connect(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        errors++
        res.resume()
        resolve()
        return
      }
      open.add(res)
      res.setEncoding('utf8')
      let pending = ''
      res.on('data', (chunk: string) => {
        pending += chunk
        const last = pending.lastIndexOf('\n\n')
        if (last < 0) return
        onFrames(pending.slice(0, last + 2))
        pending = pending.slice(last + 2)
      })
      res.on('close', () => open.delete(res))
      resolve()
    })
    req.on('error', () => {
      errors++
      resolve()
    })
    req.end()
  })
}

process.on('message', async (message: { type: string; url?: string; count?: number; headers?: Record<string, string>; deadlineMs?: number }) => {
  if (message.type === 'connect') {
    // In small waves: thousands of simultaneous SYNs overflow the listen backlog. A server that
    // cannot take more in time is measured with the clients it took.
    const deadline = Date.now() + (message.deadlineMs ?? Number.POSITIVE_INFINITY)
    for (let i = 0; i < message.count! && Date.now() < deadline; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, message.count! - i) }, () => connect(message.url!, message.headers ?? {})))
    }
    process.send?.({ type: 'connected', open: open.size })
  } else if (message.type === 'reset') {
    histogram.reset()
    events = 0
  } else if (message.type === 'report') {
    process.send?.({ type: 'report', histogram: histogram.entries(), events, open: open.size, errors })
  } else if (message.type === 'close') {
    for (const res of open) res.destroy()
    process.exit(0)
  }
})
process.on('disconnect', () => process.exit(0))
