/**
 * CSRF defence: a request that changes state must come from a page of this cockpit. Browsers
 * send `Origin` on every non-GET request, so its host must equal the host the request was sent
 * to. Requests with `Authorization: Bearer` cannot be forged by another site (a browser never adds
 * that header cross-site without CORS, which the cockpit does not grant), so tools may omit Origin.
 */

export interface OriginInput {
  method: string
  /** The Origin header, if any. */
  origin: string | undefined
  /** The host the request was addressed to (Host, or X-Forwarded-Host behind a trusted proxy). */
  host: string | undefined
  bearer: boolean
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Undefined when the request may proceed, else why it is refused. */
export function originProblem(input: OriginInput): string | undefined {
  if (SAFE_METHODS.has(input.method)) return undefined
  if (input.origin === undefined) {
    return input.bearer ? undefined : 'cross-site request refused: a request that changes something must carry an Origin header'
  }
  let originHost: string
  try {
    originHost = new URL(input.origin).host
  } catch {
    return `cross-site request refused: Origin '${input.origin}' is not a URL`
  }
  if (input.host === undefined || originHost.toLowerCase() !== input.host.toLowerCase()) {
    return `cross-site request refused: Origin '${input.origin}' is not this server (${input.host ?? 'no Host header'})`
  }
  return undefined
}
