/**
 * The notifiers of two instances on one app database (both databases) looking at the same alert
 * group at the same moment — both repeat timers due at once, or both told of a change — make one
 * message, not one each: the group's "told" record is a compare-and-set, and only the notifier
 * that moved it enqueues. (The outbox then sends each message once: ./delivery-outbox.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRule, type Transition } from '../../alerts/index.ts'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { recordTransition } from './alert-store.ts'
import { createContact } from './contact-store.ts'
import { DeliveryOutbox } from './delivery-outbox.ts'
import { Notifier } from './notifier.ts'
import { createRule } from './rule-store.ts'

describe.each(appDatabases)('notifiers of two instances on $name', (database) => {
  let db: AppDb
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(() => db.destroy())

  it('make one message for a group both look at at once: the first firing, a repeat, the resolve', async () => {
    let now = Date.parse('2026-12-01T06:00:00Z')
    const clock = () => now
    const fail = (error: unknown): never => {
      throw error
    }
    // Messages stay in the outbox (no delivery is due at its clock): the count is what was made.
    const outboxes = [0, 1].map(() => new DeliveryOutbox({ db, clock: () => 0, senders: { webhook: fail, email: fail } }))
    const notifier = (outbox: DeliveryOutbox) => new Notifier({ db, outbox, clock, groupWaitMs: 0, onError: fail })
    const [a, b] = [notifier(outboxes[0]!), notifier(outboxes[1]!)]
    const spec = { name: 'warm', kind: 'threshold', op: '>', value: 80 }
    const at = new Date(now).toISOString()
    const rule = await createRule(db, { spec, rule: parseRule(spec), author: 'engineer-1', at })
    await createContact(db, { name: 'shift lead', kind: 'email', to: ['lead@plant.test'], ruleIds: [], minSeverity: 'warning', repeatMinutes: 5, sendResolved: true }, 'engineer-1', at)
    const messages = async () => (await db.selectFrom('alert_deliveries').select('payload').orderBy('id').execute()).map((row) => JSON.parse(row.payload) as { status: string; repeat: boolean })
    const both = async (event: Parameters<Notifier['onEvent']>[0]) => {
      a.onEvent(event)
      b.onEvent(event)
      await Promise.all([a.settle(), b.settle()])
    }

    const firing: Transition = { rule: 'warm', key: 'M01/M01-T1', labels: { machine_id: 'M01', sensor_id: 'M01-T1' }, to: 'firing', at: now, since: now, value: 85, peak: 85, severity: 'warning' }
    await both(await recordTransition(db, { id: rule.id, name: 'warm' }, firing, false))
    expect((await messages()).map((m) => [m.status, m.repeat])).toEqual([['firing', false]])

    now += 6 * 60_000
    await Promise.all([a.repeatDue(), b.repeatDue()])
    expect((await messages()).map((m) => [m.status, m.repeat])).toEqual([['firing', false], ['firing', true]])

    await both(await recordTransition(db, { id: rule.id, name: 'warm' }, { ...firing, to: 'resolved', at: now, value: 70 }, false))
    expect((await messages()).map((m) => [m.status, m.repeat])).toEqual([['firing', false], ['firing', true], ['resolved', false]])
    // The drains each enqueue starts end before the database closes.
    await Promise.all(outboxes.map((outbox) => outbox.drain()))
  })
})
