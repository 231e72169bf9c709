/**
 * The origin browsers reach this cockpit at — scheme, host and port — which a state-changing
 * request's Origin must equal (./origin-check.ts) and which the OpenAPI document names as its
 * server. Pure: the settings and what a request says about its address come in as values.
 *
 * COCKPIT_PUBLIC_URL names it. Without it: behind a trusted proxy, the origin the proxy says the
 * browser used (X-Forwarded-Proto/-Host); on a loopback address, http on the listen port under
 * any loopback name (a browser on the same machine may say localhost, 127.0.0.1 or [::1]); on
 * another specific address, http://HOST:PORT; on all interfaces (0.0.0.0, ::), which have no
 * one name, http on the listen port under the Host the request was sent to — set
 * COCKPIT_PUBLIC_URL there, or a page served under another name (DNS rebinding) passes.
 */

export interface PublicOriginSettings {
  /** COCKPIT_PUBLIC_URL, when set. */
  publicUrl?: string
  host: string
  port: number
  trustProxy: boolean
}

/** Where a request was sent, as its headers say (forwarded ones only behind a trusted proxy). */
export interface Addressed {
  host?: string
  forwardedHost?: string
  forwardedProto?: string
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', ''])
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/** The one origin the cockpit names itself by; undefined when it has none without the request. */
export function canonicalOrigin(settings: PublicOriginSettings): string | undefined {
  if (settings.publicUrl !== undefined) return new URL(settings.publicUrl).origin
  if (settings.trustProxy || WILDCARD.has(settings.host)) return undefined
  return originOf('http', `${bracketed(settings.host)}:${settings.port}`)
}

/** The origins a page of this cockpit may have, for a request addressed as `addressed`. */
export function acceptedOrigins(settings: PublicOriginSettings, addressed: Addressed): string[] {
  const canonical = settings.publicUrl === undefined ? undefined : canonicalOrigin(settings)
  if (canonical !== undefined) return [canonical]
  if (settings.trustProxy && (addressed.forwardedHost !== undefined || addressed.forwardedProto !== undefined)) {
    return present([originOf(addressed.forwardedProto ?? 'http', addressed.forwardedHost ?? addressed.host)])
  }
  if (WILDCARD.has(settings.host)) {
    const origin = originOf('http', addressed.host)
    return present([origin !== undefined && portOf(origin) === settings.port ? origin : undefined])
  }
  if (isLoopback(settings.host)) return present(LOOPBACK_NAMES.map((name) => originOf('http', `${name}:${settings.port}`)))
  return present([originOf('http', `${bracketed(settings.host)}:${settings.port}`)])
}

function originOf(scheme: string, host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined
  try {
    const url = new URL(`${scheme}://${host}`)
    // A host with a path, user or query smuggled in is no host.
    return url.host.toLowerCase() === host.toLowerCase() || `${url.host}:${defaultPort(scheme)}` === host.toLowerCase() ? url.origin : undefined
  } catch {
    return undefined
  }
}

function portOf(origin: string): number {
  const url = new URL(origin)
  return url.port === '' ? defaultPort(url.protocol.slice(0, -1)) : Number(url.port)
}

const defaultPort = (scheme: string): number => (scheme === 'https' ? 443 : 80)
const bracketed = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)
const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
const present = (origins: (string | undefined)[]): string[] => [...new Set(origins.filter((origin) => origin !== undefined))]
