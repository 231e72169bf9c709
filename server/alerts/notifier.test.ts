/**
 * The notifier's timing with a clock of its own: a group still firing is told again once its
 * contact's repeat interval has passed, not before; a contact above the alert's severity is not
 * told at all. Senders are fakes; the app database is real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRule, type Transition } from '../../alerts/index.ts'
import { openTestApp, type TestApp } from '../../test/harness/test-app.ts'
import { recordTransition } from './alert-store.ts'
import { createContact } from './contact-store.ts'
import { DeliveryOutbox } from './delivery-outbox.ts'
import type { NotificationMessage } from './notification-message.ts'
import { Notifier } from './notifier.ts'
import { createRule } from './rule-store.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(() => t?.close())

describe('the notifier', () => {
  it('repeats a group that keeps firing after repeatMinutes, and respects minSeverity', async () => {
    let now = Date.parse('2026-12-01T06:00:00Z')
    const clock = () => now
    const sent: { contact: string; message: NotificationMessage }[] = []
    const sender = async (contact: { name: string }, message: NotificationMessage) => void sent.push({ contact: contact.name, message })
    const outbox = new DeliveryOutbox({ db: t.runtime.appDb, clock, senders: { webhook: sender, email: sender } })
    const notifier = new Notifier({ db: t.runtime.appDb, outbox, clock, groupWaitMs: 0, onError: (error) => { throw error } })
    const at = new Date(now).toISOString()
    const spec = { name: 'warm', kind: 'threshold', op: '>', value: 80 }
    const rule = await createRule(t.runtime.appDb, { spec, rule: parseRule(spec), author: 'engineer-1', at })
    await createContact(t.runtime.appDb, { name: 'every 5 min', kind: 'email', to: ['a@plant.test'], ruleIds: [], minSeverity: 'warning', repeatMinutes: 5, sendResolved: true }, 'engineer-1', at)
    await createContact(t.runtime.appDb, { name: 'critical only', kind: 'email', to: ['b@plant.test'], ruleIds: [], minSeverity: 'critical', repeatMinutes: 5, sendResolved: true }, 'engineer-1', at)

    const transition: Transition = { rule: 'warm', key: 'M01/M01-T1', labels: { machine_id: 'M01', sensor_id: 'M01-T1' }, to: 'firing', at: now, since: now, value: 85, peak: 85, severity: 'warning' }
    notifier.onEvent(await recordTransition(t.runtime.appDb, { id: rule.id, name: 'warm' }, transition, false))
    await notifier.settle()
    await outbox.drain()
    expect(sent.map((s) => [s.contact, s.message.status, s.message.repeat])).toEqual([['every 5 min', 'firing', false]])

    now += 4 * 60_000
    await notifier.repeatDue()
    await outbox.drain()
    expect(sent).toHaveLength(1)

    now += 2 * 60_000
    await notifier.repeatDue()
    await outbox.drain()
    expect(sent.map((s) => [s.contact, s.message.status, s.message.repeat])).toEqual([['every 5 min', 'firing', false], ['every 5 min', 'firing', true]])
  })
})
