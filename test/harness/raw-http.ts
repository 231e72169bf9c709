/**
 * HTTP/1.1 by hand over a socket, for what fetch cannot do: send headers that promise a body
 * and then only part of it (an answer that arrives anyway was not waiting for the body), set
 * Host, or use methods such as TRACE.
 */
import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string>
  /** Bytes of body actually sent (the headers may promise more). */
  body?: Buffer | string
  /** Keep sending this many more bytes after the body, in 64 KiB chunks, while waiting (a large upload in progress). */
  streamBytes?: number
}

/** Sends the request to `baseUrl` and resolves with the first complete answer; the socket is then closed. */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname)
    let received = Buffer.alloc(0)
    let done = false
    const finish = (answer: RawAnswer | Error): void => {
      if (done) return
      done = true
      socket.destroy()
      if (answer instanceof Error) reject(answer)
      else resolve(answer)
    }
    // A server that answers before the body is in may close its side while we still write: the
    // answer may be on its way (or already here), so only a connection that ends without one fails.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') finish(error)
    })
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const answer = parseAnswer(received)
      if (answer !== undefined) finish(answer)
    })
    socket.on('close', () => finish(parseAnswer(received) ?? new Error(`the connection closed before a whole answer: ${received.toString('latin1').slice(0, 200)}`)))
    // Keep-alive, as browsers do: a server that answers before the body is in then reads and drops
    // the rest for a while, where `Connection: close` would make it close with our bytes unread —
    // and the reset that follows can destroy its answer before we read it.
    const headers = { host: url.host, ...request.headers }
    const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`
    socket.write(head)
    if (request.body !== undefined) socket.write(request.body)
    let left = request.streamBytes ?? 0
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const pump = (): void => {
      while (!done && !socket.destroyed && socket.writable && left > 0) {
        left -= chunk.length
        if (!socket.write(chunk)) return void socket.once('drain', pump)
      }
    }
    pump()
  })
}

function parseAnswer(bytes: Buffer): RawAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  const body = bytes.subarray(end + 4)
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length'])
  if (length !== undefined && body.length < length) return undefined
  if (length === undefined && headers['transfer-encoding'] === 'chunked' && !body.toString('latin1').endsWith('0\r\n\r\n')) return undefined
  return { status: Number(statusLine!.split(' ')[1]), headers, body: length === undefined ? dechunk(body.toString('utf8')) : body.subarray(0, length).toString('utf8') }
}

function dechunk(text: string): string {
  let out = ''
  let rest = text
  for (;;) {
    const lineEnd = rest.indexOf('\r\n')
    const size = Number.parseInt(rest.slice(0, lineEnd), 16)
    if (!(size > 0)) return out
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    rest = rest.slice(lineEnd + 2 + size + 2)
  }
}
