/**
 * The audit log: who did what to whom, from where. Sign-ins, failed sign-ins, sign-outs, user and
 * role changes and API tokens record here; later features (publishes, alert rules) call
 * `recordAudit` with their own actions.
 */
import type { AppDb } from '../../db/index.ts'

export interface AuditEvent {
  /** e.g. `login`, `login-failed`, `user.create`, `board.publish`. */
  action: string
  /** Username of who acted; omitted for anonymous attempts. */
  actor?: string
  /** What was acted on: a username, a token id, a board. */
  target?: string
  ip?: string
  detail?: Record<string, unknown>
}

export interface AuditEntry {
  id: number
  at: string
  action: string
  actor: string | null
  target: string | null
  ip: string | null
  detail: Record<string, unknown> | null
}

export async function recordAudit(db: AppDb, event: AuditEvent, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      action: event.action,
      actor: event.actor ?? null,
      target: event.target ?? null,
      ip: event.ip ?? null,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    })
    .execute()
}

export interface AuditQuery {
  limit?: number
  /** Entries with an id below this one (paging backwards). */
  before?: number
  action?: string
  actor?: string
}

/** Newest first. */
export async function listAudit(db: AppDb, query: AuditQuery = {}): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit ?? 100)
  if (query.before !== undefined) select = select.where('id', '<', query.before)
  if (query.action !== undefined) select = select.where('action', '=', query.action)
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor)
  const rows = await select.execute()
  return rows.map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>) }))
}
