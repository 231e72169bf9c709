/**
 * Alerts and their history in the app database. An alert is one episode of one series under one
 * rule: created when it turns pending (or straight firing), updated as it fires, resolved when
 * it clears — a pending period that falls back before firing leaves no alert, only its events.
 * Every transition and acknowledgement is an `alert_events` row (the catalog's alerts.events is
 * exported from them), written in one transaction with the alert it changes.
 */
import type { Selectable } from 'kysely'
import type { ActiveAlert, Transition } from '../../alerts/index.ts'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { ApiError, notFound } from '../http/api-error.ts'
import type { Alert, AlertEvent } from './alert-schemas.ts'

type AlertRow = Selectable<AppSchema['alerts']>
type Trx = AppDb

export interface RuleRef {
  id: number
  name: string
}

const ACTIVE = ['pending', 'firing']

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null)
const iso = (ms: number): string => new Date(ms).toISOString()

/** Applies one transition of the engine; answers the event it recorded. */
export async function recordTransition(db: AppDb, rule: RuleRef, transition: Transition, silenced: boolean): Promise<AlertEvent> {
  return db.transaction().execute(async (trx) => {
    const active = await activeAlert(trx as unknown as Trx, rule.id, transition.key)
    const values = { state: transition.to === 'inactive' ? 'resolved' : transition.to, severity: transition.severity, since: iso(transition.since), updated_at: iso(transition.at), value: finite(transition.value), peak: finite(transition.peak), silenced: silenced ? 1 : 0 }
    let alertId: number
    if (active === undefined && (transition.to === 'pending' || transition.to === 'firing')) {
      const row = await trx.insertInto('alerts').values({ rule_id: rule.id, rule_name: rule.name, key: transition.key, labels: JSON.stringify(transition.labels), ...values, ack_by: null, ack_at: null, ack_comment: null }).returning('id').executeTakeFirstOrThrow()
      alertId = row.id
    } else if (active !== undefined && transition.to === 'inactive') {
      alertId = active.id
      await trx.deleteFrom('alerts').where('id', '=', active.id).execute()
    } else {
      alertId = active?.id ?? 0
      // A SQL rule's clear carries no labels; the alert keeps those it fired with.
      if (active !== undefined) await trx.updateTable('alerts').set(transition.to === 'resolved' ? { state: 'resolved', updated_at: values.updated_at, value: values.value, peak: values.peak } : values).where('id', '=', active.id).execute()
    }
    const labels = Object.keys(transition.labels).length > 0 || active === undefined ? transition.labels : (JSON.parse(active.labels) as Record<string, string>)
    const event: AlertEvent = { alertId, ruleId: rule.id, ruleName: rule.name, key: transition.key, labels, to: transition.to, at: iso(transition.at), value: finite(transition.value), peak: finite(transition.peak), severity: transition.severity, silenced }
    await insertEvent(trx as unknown as Trx, event)
    return event
  })
}

/** Resolves a rule's pending and firing alerts (the rule was changed, disabled or deleted); answers the events. */
export async function resolveRuleAlerts(db: AppDb, ruleId: number, at: number): Promise<AlertEvent[]> {
  const active = await db.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).where('state', 'in', ACTIVE).execute()
  const events: AlertEvent[] = []
  for (const row of active) {
    const alert = toAlert(row)
    const event: AlertEvent = { alertId: alert.id, ruleId, ruleName: alert.ruleName, key: alert.key, labels: alert.labels, to: 'resolved', at: iso(at), value: alert.value, peak: alert.peak, severity: alert.severity, silenced: alert.silenced }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('alerts').set({ state: 'resolved', updated_at: event.at }).where('id', '=', alert.id).execute()
      await insertEvent(trx as unknown as Trx, event)
    })
    events.push(event)
  }
  return events
}

/** A rule's pending and firing alerts as the evaluator restores them (event times in ms). */
export async function activeAlertsOf(db: AppDb, ruleId: number): Promise<ActiveAlert[]> {
  const rows = await db.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).where('state', 'in', ACTIVE).orderBy('id').execute()
  return rows.map((row) => ({ key: row.key, labels: JSON.parse(row.labels) as Record<string, string>, state: row.state as ActiveAlert['state'], since: Date.parse(row.since), updatedAt: Date.parse(row.updated_at), peak: row.peak }))
}

/** The peaks of active alerts so far (no event: nothing changed state). */
export async function recordPeaks(db: AppDb, peaks: readonly { ruleId: number; key: string; peak: number }[]): Promise<void> {
  if (peaks.length === 0) return
  await db.transaction().execute(async (trx) => {
    for (const { ruleId, key, peak } of peaks) await trx.updateTable('alerts').set({ peak }).where('rule_id', '=', ruleId).where('key', '=', key).where('state', 'in', ACTIVE).execute()
  })
}

export interface AlertQuery {
  state?: 'pending' | 'firing' | 'resolved' | 'active'
  ruleId?: number
  limit: number
}

export async function listAlerts(db: AppDb, query: AlertQuery): Promise<Alert[]> {
  let select = db.selectFrom('alerts').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(query.limit)
  if (query.state === 'active') select = select.where('state', 'in', ACTIVE)
  else if (query.state !== undefined) select = select.where('state', '=', query.state)
  if (query.ruleId !== undefined) select = select.where('rule_id', '=', query.ruleId)
  return (await select.execute()).map(toAlert)
}

export async function getAlert(db: AppDb, id: number): Promise<Alert> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no alert ${id}`, 'id')
  return toAlert(row)
}

/** Acknowledges a pending or firing alert; answers it and the event recorded. */
export async function acknowledge(db: AppDb, id: number, ack: { by: string; comment: string; at: number }): Promise<{ alert: Alert; event: AlertEvent }> {
  const alert = await getAlert(db, id)
  if (alert.state === 'resolved') throw new ApiError(409, 'conflict', `alert ${id} resolved at ${alert.updatedAt}: there is nothing left to acknowledge`, { field: 'id' })
  const at = iso(ack.at)
  const event: AlertEvent = { alertId: id, ruleId: alert.ruleId, ruleName: alert.ruleName, key: alert.key, labels: alert.labels, to: 'acknowledged', at, value: alert.value, peak: alert.peak, severity: alert.severity, silenced: alert.silenced }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('alerts').set({ ack_by: ack.by, ack_at: at, ack_comment: ack.comment }).where('id', '=', id).execute()
    await insertEvent(trx as unknown as Trx, event)
  })
  return { alert: await getAlert(db, id), event }
}

async function activeAlert(db: Trx, ruleId: number, key: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).where('key', '=', key).where('state', 'in', ACTIVE).orderBy('id', 'desc').executeTakeFirst()
}

async function insertEvent(db: Trx, event: AlertEvent): Promise<void> {
  await db
    .insertInto('alert_events')
    .values({ alert_id: event.alertId, rule_id: event.ruleId, rule_name: event.ruleName, key: event.key, labels: JSON.stringify(event.labels), to_state: event.to, at: event.at, value: event.value, peak: event.peak, severity: event.severity, silenced: event.silenced ? 1 : 0, exported_at: null })
    .execute()
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    key: row.key,
    labels: JSON.parse(row.labels) as Record<string, string>,
    state: row.state as Alert['state'],
    severity: row.severity as Alert['severity'],
    since: row.since,
    updatedAt: row.updated_at,
    value: row.value,
    peak: row.peak,
    silenced: row.silenced === 1,
    acknowledged: row.ack_by === null ? null : { by: row.ack_by, at: row.ack_at ?? '', comment: row.ack_comment ?? '' },
  }
}
