/**
 * Which messages contacts get: alerts are grouped per rule and machine; a group's state is
 * looked at `groupWaitMs` after its first change (so sensors of one machine firing together make
 * one message), and each matching contact gets one message when the group has alerts firing it
 * was not yet told of, again every `repeatMinutes` while it keeps firing, and a resolved message
 * once nothing in it fires. Silenced alerts are left out (they are still recorded). Messages go
 * to the outbox, which keeps them until delivered. With several instances on one app database,
 * what each contact was told of each group is written as a compare-and-set, so two notifiers
 * looking at one group at once make one message.
 */
import type { AppDb } from '../../db/index.ts'
import type { Alert, AlertEvent } from './alert-schemas.ts'
import { getAlert, listAlerts } from './alert-store.ts'
import { contactRows, type ContactRow } from './contact-store.ts'
import type { DeliveryOutbox } from './delivery-outbox.ts'
import type { NotificationMessage } from './notification-message.ts'
import { isSilenced } from './silence-store.ts'

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const

export interface NotifierOptions {
  db: AppDb
  outbox: DeliveryOutbox
  clock: () => number
  groupWaitMs: number
  onError: (error: unknown, context: string) => void
}

export interface AlertGroup {
  key: string
  ruleId: number
  ruleName: string
  machine: string | null
}

export function groupOf(event: Pick<AlertEvent, 'ruleId' | 'ruleName' | 'labels'>): AlertGroup {
  const machine = event.labels.machine_id ?? null
  return { key: `${event.ruleId}/${machine ?? ''}`, ruleId: event.ruleId, ruleName: event.ruleName, machine }
}

export class Notifier {
  private readonly waiting = new Map<string, NodeJS.Timeout>()
  private running: Promise<void> = Promise.resolve()

  constructor(private readonly options: NotifierOptions) {}

  onEvent(event: AlertEvent): void {
    if (event.to !== 'firing' && event.to !== 'resolved') return
    const group = groupOf(event)
    if (this.waiting.has(group.key)) return
    const timer = setTimeout(() => {
      this.waiting.delete(group.key)
      this.enqueue(() => this.evaluate(group))
    }, this.options.groupWaitMs)
    timer.unref()
    this.waiting.set(group.key, timer)
  }

  /** Groups still firing whose repeat interval has passed. */
  repeatDue(): Promise<void> {
    return this.enqueue(async () => {
      const now = this.options.clock()
      const groups = await this.options.db.selectFrom('alert_groups').innerJoin('alert_contacts', 'alert_contacts.id', 'alert_groups.contact_id').select(['group_key', 'notified', 'notified_at', 'repeat_minutes']).execute()
      const due = new Set(groups.filter((group) => group.notified !== '[]' && now - Date.parse(group.notified_at) >= group.repeat_minutes * 60_000).map((group) => group.group_key))
      for (const key of due) {
        const [ruleId, machine] = [Number(key.split('/')[0]), key.slice(key.indexOf('/') + 1) || null]
        const rule = await this.options.db.selectFrom('alert_rules').select('name').where('id', '=', ruleId).executeTakeFirst()
        await this.evaluate({ key, ruleId, ruleName: rule?.name ?? `rule ${ruleId}`, machine })
      }
    })
  }

  /** Resolves once every group waiting now has been looked at (tests). */
  async settle(): Promise<void> {
    while (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    await this.running
  }

  stop(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer)
    this.waiting.clear()
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.running = this.running.then(work).catch((error: unknown) => this.options.onError(error, 'cannot work out alert notifications'))
    return this.running
  }

  private async evaluate(group: AlertGroup): Promise<void> {
    const now = this.options.clock()
    const firing = await this.firingIn(group, now)
    for (const contact of await contactRows(this.options.db)) {
      const wanted = firing.filter((alert) => takes(contact, group.ruleId, alert.severity))
      await this.tell(contact, group, wanted, now)
    }
  }

  private async tell(contact: ContactRow, group: AlertGroup, firing: Alert[], now: number): Promise<void> {
    const { db } = this.options
    const prior = await db.selectFrom('alert_groups').selectAll().where('contact_id', '=', contact.id).where('group_key', '=', group.key).executeTakeFirst()
    const told = prior === undefined ? [] : (JSON.parse(prior.notified) as number[])
    const ids = firing.map((alert) => alert.id)
    let message: NotificationMessage | undefined
    if (firing.length > 0) {
      const news = ids.some((id) => !told.includes(id))
      const repeatDue = prior !== undefined && now - Date.parse(prior.notified_at) >= contact.repeat_minutes * 60_000
      if (news || repeatDue) message = messageOf(group, 'firing', !news, firing)
    } else if (told.length > 0 && contact.send_resolved === 1) {
      const resolved = await Promise.all(told.map((id) => getAlert(db, id).catch(() => undefined)))
      message = messageOf(group, 'resolved', false, resolved.filter((alert): alert is Alert => alert !== undefined))
    }
    if (message === undefined && (firing.length > 0 || told.length === 0)) return
    // Another instance's notifier may look at the same group at the same moment: only the one whose write finds the record as it read it tells.
    if (!(await this.recordTold(contact.id, group.key, prior, JSON.stringify(ids), new Date(now).toISOString()))) return
    if (message !== undefined) await this.options.outbox.enqueue(contact.id, group.key, message)
  }

  /** Compare-and-set of what a contact was told of a group: false when another notifier changed it since `prior` was read. */
  private async recordTold(contactId: number, groupKey: string, prior: { notified: string; notified_at: string } | undefined, notified: string, at: string): Promise<boolean> {
    const { db } = this.options
    if (prior === undefined) {
      const inserted = await db.insertInto('alert_groups').values({ contact_id: contactId, group_key: groupKey, notified, notified_at: at }).onConflict((oc) => oc.columns(['contact_id', 'group_key']).doNothing()).executeTakeFirst()
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1
    }
    const updated = await db
      .updateTable('alert_groups')
      .set({ notified, notified_at: at })
      .where('contact_id', '=', contactId)
      .where('group_key', '=', groupKey)
      .where('notified', '=', prior.notified)
      .where('notified_at', '=', prior.notified_at)
      .executeTakeFirst()
    return Number(updated.numUpdatedRows) === 1
  }

  private async firingIn(group: AlertGroup, now: number): Promise<Alert[]> {
    const alerts = await listAlerts(this.options.db, { state: 'firing', ruleId: group.ruleId, limit: 1000 })
    const inGroup = alerts.filter((alert) => (alert.labels.machine_id ?? null) === group.machine)
    const loud: Alert[] = []
    // A silence made after an alert fired mutes it too: checked now, not when it fired.
    for (const alert of inGroup) if (!(await isSilenced(this.options.db, alert.labels, alert.ruleName, now))) loud.push(alert)
    return loud.sort((a, b) => a.id - b.id)
  }
}

function takes(contact: ContactRow, ruleId: number, severity: Alert['severity']): boolean {
  const rules = JSON.parse(contact.rule_ids) as number[]
  if (rules.length > 0 && !rules.includes(ruleId)) return false
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[contact.min_severity as Alert['severity']]
}

function messageOf(group: AlertGroup, status: NotificationMessage['status'], repeat: boolean, alerts: Alert[]): NotificationMessage {
  return {
    version: 1,
    status,
    repeat,
    group: { key: group.key, ruleId: group.ruleId, ruleName: group.ruleName, machine: group.machine },
    alerts: alerts.map(({ id, key, labels, state, severity, since, value, peak, acknowledged }) => ({ id, key, labels, state, severity, since, value, peak, acknowledged })),
  }
}
