/**
 * How a webhook message is signed (docs/security.md): HMAC-SHA256 of the exact body bytes with
 * the contact's secret, hex, in `X-Cockpit-Signature: sha256=<hex>`. The body carries its own
 * `sentAt` and the delivery id, so a receiver can refuse replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-cockpit-signature'

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** For receivers (and tests): whether the header is the body's signature, compared in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined | null): boolean {
  if (header === undefined || header === null) return false
  const expected = Buffer.from(signBody(secret, body))
  const given = Buffer.from(header)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
