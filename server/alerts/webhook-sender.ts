/**
 * A webhook delivery: the message as JSON, POSTed with its HMAC-SHA256 signature; anything but a
 * 2xx within the time limit is a failure the outbox retries.
 */
import type { ContactRow } from './contact-store.ts'
import type { NotificationMessage } from './notification-message.ts'
import { SIGNATURE_HEADER, signBody } from './webhook-signature.ts'

const TIMEOUT_MS = 10_000

export async function sendWebhook(contact: ContactRow, message: NotificationMessage): Promise<void> {
  const { url } = JSON.parse(contact.target) as { url: string }
  const body = JSON.stringify(message)
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(contact.secret ?? '', body), 'x-cockpit-delivery': String(message.deliveryId ?? '') },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  })
  await response.body?.cancel()
  if (!response.ok) throw new Error(`webhook answered ${response.status}`)
}
