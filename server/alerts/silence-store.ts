/**
 * Silences in the app database: label matchers over a time span, with author and comment.
 * Deleting one ends it now (its row stays, so the history says who muted what and when).
 * A silenced alert is still recorded; only its notifications are held back.
 */
import type { Selectable } from 'kysely'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { notFound } from '../http/api-error.ts'
import type { LabelMatcher, Silence } from './alert-schemas.ts'
import { matchesAll } from './label-matchers.ts'

type SilenceRow = Selectable<AppSchema['alert_silences']>

export interface SilenceInput {
  matchers: LabelMatcher[]
  startsAt: string
  endsAt: string
  author: string
  comment: string
  at: string
}

export async function createSilence(db: AppDb, input: SilenceInput): Promise<Silence> {
  const row = await db
    .insertInto('alert_silences')
    .values({ matchers: JSON.stringify(input.matchers), starts_at: input.startsAt, ends_at: input.endsAt, author: input.author, comment: input.comment, created_at: input.at })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toSilence(row, Date.parse(input.at))
}

/** Silences not yet ended, or every one with `all`. */
export async function listSilences(db: AppDb, now: number, options: { all?: boolean } = {}): Promise<Silence[]> {
  let query = db.selectFrom('alert_silences').selectAll().orderBy('id', 'desc')
  if (options.all !== true) query = query.where('ends_at', '>', new Date(now).toISOString())
  return (await query.execute()).map((row) => toSilence(row, now))
}

/** Ends a silence now; answers it as ended. */
export async function endSilence(db: AppDb, id: number, now: number): Promise<Silence> {
  const row = await db.selectFrom('alert_silences').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no silence ${id}`, 'id')
  const at = new Date(now).toISOString()
  if (row.ends_at > at) await db.updateTable('alert_silences').set({ ends_at: at }).where('id', '=', id).execute()
  return toSilence({ ...row, ends_at: row.ends_at > at ? at : row.ends_at }, now)
}

/** Whether a silence active at `now` mutes an alert with these labels. */
export async function isSilenced(db: AppDb, labels: Record<string, string>, ruleName: string, now: number): Promise<boolean> {
  const at = new Date(now).toISOString()
  const rows = await db.selectFrom('alert_silences').select('matchers').where('starts_at', '<=', at).where('ends_at', '>', at).execute()
  return rows.some((row) => matchesAll(JSON.parse(row.matchers) as LabelMatcher[], labels, ruleName))
}

function toSilence(row: SilenceRow, now: number): Silence {
  const at = new Date(now).toISOString()
  return { id: row.id, matchers: JSON.parse(row.matchers) as LabelMatcher[], startsAt: row.starts_at, endsAt: row.ends_at, author: row.author, comment: row.comment, createdAt: row.created_at, active: row.starts_at <= at && row.ends_at > at }
}
