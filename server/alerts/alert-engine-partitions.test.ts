/**
 * Two instances' alert engines on one app database (both databases), each fed the readings of
 * the partitions it owns through the pipeline's rule feed, with their own notifier and outbox.
 * Sensor M01's partition moves from A to B while its alert fires: A neither resolves it nor, by
 * its stale rule, takes M01 for silent; B carries the alert on — no second `firing`, no second
 * notification — and resolves it. One alert, one firing message, one resolved message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRule } from '../../alerts/index.ts'
import type { AppDb } from '../../db/index.ts'
import { ReadingChunkBuilder, SensorIds } from '../../jobs/sensors/contract/index.ts'
import type { RuleEvaluator } from '../../jobs/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { AlertBus } from './alert-bus.ts'
import { AlertEngine } from './alert-engine.ts'
import type { AlertEvent } from './alert-schemas.ts'
import { createContact } from './contact-store.ts'
import { DeliveryOutbox, type Sender } from './delivery-outbox.ts'
import { Notifier } from './notifier.ts'
import { alertRuleEvaluator } from './pipeline-rule-feed.ts'
import { createRule } from './rule-store.ts'

const T0 = Date.parse('2026-12-01T06:00:00Z')
const MINUTE = 60_000
const HOT = { name: 'hot', kind: 'threshold', source: 'sensors.readings', op: '>', value: 90, clear: 85, for: '2m', severity: 'critical' }
const QUIET = { name: 'quiet', kind: 'stale', after: '5m', severity: 'warning' }
/** Partition 0 carries machine M01's sensor, partition 1 machine M02's. */
const SENSOR = ['M01-T1', 'M02-T1'] as const

interface Instance {
  name: string
  engine: AlertEngine
  rules: RuleEvaluator
  events: AlertEvent[]
  notifier: Notifier
  outbox: DeliveryOutbox
  ids: SensorIds
}

describe.each(appDatabases)('alert engines of two instances on $name', (database) => {
  let db: AppDb
  const sent: { by: string; status: string; alerts: number[] }[] = []
  beforeEach(async () => {
    db = await database.open()
    sent.length = 0
  })
  afterEach(() => db.destroy())

  async function instance(name: string): Promise<Instance> {
    const events: AlertEvent[] = []
    const fail = (error: unknown): never => {
      throw error
    }
    const bus = new AlertBus(fail)
    const engine = new AlertEngine({ db, bus, clock: () => T0, onError: fail })
    const sender: Sender = async (_contact, message) => void sent.push({ by: name, status: message.status, alerts: message.alerts.map((alert) => alert.id) })
    const outbox = new DeliveryOutbox({ db, clock: () => T0, senders: { webhook: sender, email: sender } })
    const notifier = new Notifier({ db, outbox, clock: () => T0, groupWaitMs: 0, onError: fail })
    bus.subscribe((event) => {
      events.push(event)
      notifier.onEvent(event)
    })
    await engine.reload()
    return { name, engine, rules: alertRuleEvaluator(engine), events, notifier, outbox, ids: new SensorIds() }
  }

  /** One delivered block of `partition`: its sensor's readings at these minutes and temperatures. */
  async function feed(to: Instance, partition: 0 | 1, readings: [minute: number, temperature: number][]): Promise<void> {
    const chunk = new ReadingChunkBuilder(partition, readings.length)
    const code = to.ids.code(SENSOR[partition], SENSOR[partition].slice(0, 3))
    readings.forEach(([minute, temperature], i) => chunk.add(code, T0 + minute * MINUTE, temperature, i))
    to.rules.readings({ partition, readings: chunk.finish(), ids: to.ids, rejects: 0 })
    await to.engine.flush()
  }
  /** Every notification made so far, delivered by whichever outbox claims it (an enqueue starts a drain of its own). */
  async function deliver(...instances: Instance[]): Promise<void> {
    for (const i of instances) await i.notifier.settle()
    await Promise.all(instances.map((i) => i.outbox.drain()))
    await expect.poll(async () => (await db.selectFrom('alert_deliveries').select('id').where('status', '!=', 'delivered').execute()).length).toBe(0)
  }
  const transitions = (i: Instance) => i.events.map((event) => `${event.ruleName} ${event.key} ${event.to}`)

  it('keep one alert as its partition moves: the new owner carries it on and resolves it, notified once each way', async () => {
    const at = new Date(T0).toISOString()
    const hot = await createRule(db, { spec: HOT, rule: parseRule(HOT), author: 'engineer-1', at })
    await createRule(db, { spec: QUIET, rule: parseRule(QUIET), author: 'engineer-1', at })
    await createContact(db, { name: 'shift lead', kind: 'email', to: ['lead@plant.test'], ruleIds: [], minSeverity: 'warning', repeatMinutes: 60, sendResolved: true }, 'engineer-1', at)
    const a = await instance('A')
    const b = await instance('B')
    await a.rules.assigned!([0, 1])
    await b.rules.assigned!([])

    await feed(a, 0, [[0, 95], [1, 96], [2, 97]])
    await feed(a, 1, [[0, 70], [1, 70], [2, 70]])
    expect(transitions(a)).toEqual(['hot M01/M01-T1 pending', 'hot M01/M01-T1 firing'])
    await deliver(a, b)
    const [firing] = await db.selectFrom('alerts').select(['id', 'state']).where('rule_id', '=', hot.id).execute()
    expect(sent).toEqual([{ by: expect.any(String), status: 'firing', alerts: [firing!.id] }])

    // The rebalance: partition 0 moves to B, A keeps partition 1.
    await a.rules.assigned!([1])
    await b.rules.assigned!([0])

    // A reads on from partition 1 only; ten minutes on, M01 is not stale on A (B reads it now), and A resolved nothing.
    await feed(a, 1, [[3, 70], [6, 70], [9, 70]])
    a.engine.tick(T0 + 10 * MINUTE)
    a.engine.tick(T0 + 10 * MINUTE)
    await a.engine.flush()
    expect(transitions(a)).toEqual(['hot M01/M01-T1 pending', 'hot M01/M01-T1 firing'])

    // B: still hot is no news; cooled down, B resolves the alert A raised.
    await feed(b, 0, [[3, 98]])
    expect(transitions(b)).toEqual([])
    await feed(b, 0, [[4, 80]])
    expect(b.events.map((event) => [event.key, event.to, event.alertId])).toEqual([['M01/M01-T1', 'resolved', firing!.id]])
    // B knows M02 only from the app database (no alert): its stale rule does not fire for it either.
    b.engine.tick(T0 + 20 * MINUTE)
    await b.engine.flush()
    expect(transitions(b)).toEqual(['hot M01/M01-T1 resolved'])

    await deliver(a, b)
    expect(sent.map((s) => [s.status, s.alerts])).toEqual([
      ['firing', [firing!.id]],
      ['resolved', [firing!.id]],
    ])
    expect(await db.selectFrom('alerts').select(['id', 'state']).where('rule_id', '=', hot.id).execute()).toEqual([{ id: firing!.id, state: 'resolved' }])
    const events = await db.selectFrom('alert_events').select(['rule_name', 'to_state']).orderBy('id').execute()
    expect(events.map((e) => `${e.rule_name} ${e.to_state}`)).toEqual(['hot pending', 'hot firing', 'hot resolved'])
  })
})
