/**
 * What a request says about where it came from and where it went: client address, HTTPS, host.
 * Behind a reverse proxy these are in X-Forwarded-* headers, which are believed only when the
 * cockpit is told it sits behind one (COCKPIT_TRUST_PROXY) — otherwise any client could forge them.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { Addressed } from './public-origin.ts'

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // app.request() in tests has no socket.
    return 'unknown'
  }
}

export function servedOverHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
}

export function addressedAs(c: Context, trustProxy: boolean): Addressed {
  const forwarded = (name: string): string | undefined => (trustProxy ? c.req.header(name)?.split(',')[0]?.trim() || undefined : undefined)
  return { host: c.req.header('host') || new URL(c.req.url).host, forwardedHost: forwarded('x-forwarded-host'), forwardedProto: forwarded('x-forwarded-proto') }
}
