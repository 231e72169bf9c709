/**
 * The outbox with two instances draining one app database (both databases): each due delivery
 * is claimed by one of them and sent once; a claim left by a sender that died runs out and the
 * delivery is sent again then.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { createContact } from './contact-store.ts'
import { CLAIM_MS, DeliveryOutbox, type Sender } from './delivery-outbox.ts'
import type { NotificationMessage } from './notification-message.ts'

const t0 = Date.parse('2026-12-03T20:00:00Z')
const message: NotificationMessage = { version: 1, status: 'firing', repeat: false, group: { key: '1/M01', ruleId: 1, ruleName: 'warm', machine: 'M01' }, alerts: [] }

describe.each(appDatabases)('the delivery outbox on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  const seed = async (count: number): Promise<void> => {
    const at = new Date(t0).toISOString()
    const contact = await createContact(db, { name: 'shift lead', kind: 'email', to: ['lead@plant.test'], ruleIds: [], minSeverity: 'warning', repeatMinutes: 60, sendResolved: true }, 'engineer-1', at)
    for (let i = 0; i < count; i++) {
      await db.insertInto('alert_deliveries').values({ contact_id: contact.id, group_key: `1/M0${i}`, payload: JSON.stringify(message), status: 'pending', attempts: 0, last_error: null, created_at: at, next_attempt_at: at, delivered_at: null }).execute()
    }
  }

  it('sends each due delivery once when two instances drain at the same moment', async () => {
    await seed(6)
    const sent: number[] = []
    // Each send yields, so the two drains interleave between reading a row and sending it.
    const sender: Sender = async (_contact, sending) => {
      await new Promise((resolve) => setImmediate(resolve))
      sent.push(sending.deliveryId ?? -1)
    }
    const outbox = () => new DeliveryOutbox({ db, clock: () => t0, senders: { webhook: sender, email: sender } })
    await Promise.all([outbox().drain(), outbox().drain()])
    expect(sent.sort()).toEqual([1, 2, 3, 4, 5, 6])
    const rows = await db.selectFrom('alert_deliveries').select(['status', 'attempts']).execute()
    expect(rows).toEqual(Array.from({ length: 6 }, () => ({ status: 'delivered', attempts: 1 })))
  })

  it('drains again after a drain failed (the app database away): one failure does not stop delivery', async () => {
    await seed(1)
    const sent: number[] = []
    let failNext = true
    const clock = () => {
      if (!failNext) return t0
      failNext = false
      throw new Error('app database away (injected)')
    }
    const outbox = new DeliveryOutbox({ db, clock, senders: { webhook: async (_c, m) => void sent.push(m.deliveryId ?? -1), email: async (_c, m) => void sent.push(m.deliveryId ?? -1) } })
    await expect(outbox.drain()).rejects.toThrow(/app database away/)
    await outbox.drain()
    expect(sent).toEqual([1])
  })

  it('sends a delivery again once the claim of a sender that died has run out', async () => {
    await seed(1)
    let now = t0
    const sent: number[] = []
    const dies: Sender = () => new Promise<void>(() => undefined)
    const works: Sender = async (_contact, sending) => void sent.push(sending.deliveryId ?? -1)
    void new DeliveryOutbox({ db, clock: () => now, senders: { webhook: dies, email: dies } }).drain()
    await expect.poll(async () => (await db.selectFrom('alert_deliveries').select('next_attempt_at').executeTakeFirstOrThrow()).next_attempt_at).toBe(new Date(t0 + CLAIM_MS).toISOString())
    const other = new DeliveryOutbox({ db, clock: () => now, senders: { webhook: works, email: works } })
    await other.drain()
    expect(sent).toEqual([])
    now = t0 + CLAIM_MS
    await other.drain()
    expect(sent).toEqual([1])
  })
})
