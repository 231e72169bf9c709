/**
 * Notifications are never lost silently: each message is an `alert_deliveries` row before any
 * attempt, and stays `pending` — retried with exponential backoff (5 s doubling up to 1 h), the
 * last error kept for the delivery log — until its webhook answers 2xx or its SMTP server takes
 * the e-mail (a delivered row keeps its last error: the log shows it took a retry). Senders are injected (webhook over fetch, e-mail over nodemailer).
 *
 * Instances sharing one app database all drain the outbox, so a sender first claims a row with a
 * conditional UPDATE (still pending, `next_attempt_at` unchanged since it read it) that pushes
 * its next attempt `CLAIM_MS` ahead: of two instances reading the same due row, one claims it and
 * sends, the other skips it. A sender that dies mid-send leaves the claim to run out and the row
 * is tried again then (at least once, never twice at the same time).
 */
import type { AppDb } from '../../db/index.ts'
import type { Delivery } from './alert-schemas.ts'
import type { ContactRow } from './contact-store.ts'
import type { NotificationMessage } from './notification-message.ts'

export const FIRST_RETRY_MS = 5_000
export const MAX_RETRY_MS = 3_600_000
const BATCH = 50
/** How long a claimed delivery is left to its sender: longer than any send takes (webhook and SMTP time out sooner). */
export const CLAIM_MS = 120_000

/** Delivers one message to one contact, or throws saying why not. */
export type Sender = (contact: ContactRow, message: NotificationMessage) => Promise<void>

export interface DeliveryOutboxOptions {
  db: AppDb
  clock: () => number
  senders: Record<'webhook' | 'email', Sender>
  firstRetryMs?: number
}

export class DeliveryOutbox {
  private draining: Promise<void> = Promise.resolve()

  constructor(private readonly options: DeliveryOutboxOptions) {}

  async enqueue(contactId: number, groupKey: string, message: NotificationMessage): Promise<void> {
    const at = new Date(this.options.clock()).toISOString()
    await this.options.db.insertInto('alert_deliveries').values({ contact_id: contactId, group_key: groupKey, payload: JSON.stringify(message), status: 'pending', attempts: 0, last_error: null, created_at: at, next_attempt_at: at, delivered_at: null }).execute()
    // A failed drain (the app database away) is the server's periodic drain's to report; the row waits for it.
    void this.drain().catch(() => undefined)
  }

  /** Attempts every delivery that is due, one drain at a time; a drain that failed does not stop the next. */
  drain(): Promise<void> {
    this.draining = this.draining.catch(() => undefined).then(() => this.attemptDue())
    return this.draining
  }

  async log(contactId: number, limit = 100): Promise<Delivery[]> {
    const rows = await this.options.db.selectFrom('alert_deliveries').selectAll().where('contact_id', '=', contactId).orderBy('id', 'desc').limit(limit).execute()
    return rows.map((row) => ({ id: row.id, contactId: row.contact_id, group: row.group_key, status: row.status as Delivery['status'], attempts: row.attempts, lastError: row.last_error, createdAt: row.created_at, nextAttemptAt: row.next_attempt_at, deliveredAt: row.delivered_at }))
  }

  /** Takes the due delivery for this sender unless another instance took it since it was read. */
  private async claim(id: number, due: string | null): Promise<boolean> {
    if (due === null) return false
    const until = new Date(this.options.clock() + CLAIM_MS).toISOString()
    const result = await this.options.db.updateTable('alert_deliveries').set({ next_attempt_at: until }).where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', due).executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  private async attemptDue(): Promise<void> {
    const { db } = this.options
    const now = new Date(this.options.clock()).toISOString()
    const due = await db.selectFrom('alert_deliveries').innerJoin('alert_contacts', 'alert_contacts.id', 'alert_deliveries.contact_id').selectAll('alert_deliveries').where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('alert_deliveries.id').limit(BATCH).execute()
    for (const delivery of due) {
      const contact = await db.selectFrom('alert_contacts').selectAll().where('id', '=', delivery.contact_id).executeTakeFirst()
      if (contact === undefined) continue
      if (!(await this.claim(delivery.id, delivery.next_attempt_at))) continue
      const message = { ...(JSON.parse(delivery.payload) as NotificationMessage), deliveryId: delivery.id, sentAt: now }
      try {
        await this.options.senders[contact.kind as 'webhook' | 'email'](contact, message)
        await db.updateTable('alert_deliveries').set({ status: 'delivered', attempts: delivery.attempts + 1, delivered_at: new Date(this.options.clock()).toISOString(), next_attempt_at: null }).where('id', '=', delivery.id).execute()
      } catch (error) {
        const attempts = delivery.attempts + 1
        const wait = Math.min(MAX_RETRY_MS, (this.options.firstRetryMs ?? FIRST_RETRY_MS) * 2 ** (attempts - 1))
        await db.updateTable('alert_deliveries').set({ attempts, last_error: error instanceof Error ? error.message : String(error), next_attempt_at: new Date(this.options.clock() + wait).toISOString() }).where('id', '=', delivery.id).execute()
      }
    }
  }
}
