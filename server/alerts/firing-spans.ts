/**
 * The firings that overlap a time range, for charts that draw them as spans over their data (the
 * Live view, board tiles). A firing is the firing part of one alert's episode: from when it began
 * firing (`alerts.since` once it fired — the pending period before is not part of it) to when it
 * resolved (`updated_at` of a resolved alert), open while it still fires. An alert resolved while
 * only pending (its rule changed) never fired: it has no `firing` event and is left out.
 */
import { sql } from 'kysely'
import type { AppDb } from '../../db/index.ts'
import { badRequest } from '../http/api-error.ts'
import type { FiringSpan, FiringSpanList, FiringSpanQuery } from './alert-schemas.ts'

const LABEL_FILTERS = ['machine_id', 'sensor_id', 'line'] as const

/** Firings whose span overlaps [from, to), oldest start first; the latest `limit` when there are more. */
export async function firingSpans(db: AppDb, query: FiringSpanQuery): Promise<FiringSpanList> {
  const from = Date.parse(query.from)
  const to = Date.parse(query.to)
  if (!(to > from)) throw badRequest('to', 'must be after from')
  const wanted = LABEL_FILTERS.flatMap((label) => (query[label] === undefined ? [] : [[label, query[label]] as const]))
  let select = db
    .selectFrom('alerts')
    .select(['id', 'rule_id', 'rule_name', 'severity', 'state', 'since', 'updated_at', 'labels', 'peak'])
    .where((eb) => eb.or([eb('state', '=', 'firing'), eb.and([eb('state', '=', 'resolved'), eb('updated_at', '>', iso(from))])]))
    .where('since', '<', iso(to))
    .where(({ exists, selectFrom }) => exists(selectFrom('alert_events').select('alert_events.id').whereRef('alert_events.alert_id', '=', 'alerts.id').where('alert_events.to_state', '=', 'firing')))
    .orderBy('since', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
  if (query.ruleId !== undefined) select = select.where('rule_id', '=', query.ruleId)
  // The labels are JSON text: narrow in SQL by the pair as JSON.stringify writes it; checked exactly below.
  for (const [label, value] of wanted) select = select.where(sql<boolean>`labels like ${`%${likeEscape(JSON.stringify({ [label]: value }).slice(1, -1))}%`} escape '\\'`)
  const rows = await select.execute()
  const firings: FiringSpan[] = rows
    .map((row) => ({
      alertId: row.id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      severity: row.severity as FiringSpan['severity'],
      start: row.since,
      end: row.state === 'firing' ? null : row.updated_at,
      labels: JSON.parse(row.labels) as Record<string, string>,
      peak: row.peak,
    }))
    .filter((firing) => wanted.every(([label, value]) => firing.labels[label] === value))
  return { firings: firings.slice(0, query.limit).reverse(), truncated: rows.length > query.limit }
}

const iso = (ms: number): string => new Date(ms).toISOString()
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
