/**
 * CSRF defence: a request that changes state must come from a page of this cockpit. Browsers
 * send `Origin` on every non-GET request; it must be one of the cockpit's own origins — scheme,
 * host and port (./public-origin.ts) — exactly as a browser serializes it (no user, path or
 * trailing slash). Requests with `Authorization: Bearer` cannot be forged by another site (a
 * browser never adds that header cross-site without CORS, which the cockpit does not grant), so
 * tools may omit Origin.
 */

export interface OriginInput {
  method: string
  /** The Origin header, if any. */
  origin: string | undefined
  /** The origins of this cockpit's pages for this request (./public-origin.ts). */
  accepted: readonly string[]
  bearer: boolean
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Undefined when the request may proceed, else why it is refused. */
export function originProblem(input: OriginInput): string | undefined {
  if (SAFE_METHODS.has(input.method)) return undefined
  if (input.origin === undefined) {
    return input.bearer ? undefined : 'cross-site request refused: a request that changes something must carry an Origin header'
  }
  let origin: string
  try {
    origin = new URL(input.origin).origin
  } catch {
    return `cross-site request refused: Origin '${input.origin}' is not a URL`
  }
  // `http://evil@host` has the origin `http://host`: only a serialized origin is one.
  if (origin === 'null' || origin !== input.origin.toLowerCase()) return `cross-site request refused: Origin '${input.origin}' is not an origin (scheme://host[:port])`
  if (!input.accepted.includes(origin)) {
    return `cross-site request refused: Origin '${input.origin}' is not this server (${input.accepted.length === 0 ? 'no origin known: set COCKPIT_PUBLIC_URL' : input.accepted.join(' or ')})`
  }
  return undefined
}
