/**
 * Contacts in the app database: webhooks (a URL and the HMAC key their messages are signed with,
 * made here and shown once) and e-mail addresses; which rules and severities each takes, how
 * often a still-firing group is told again, whether it hears of resolutions. Deleting a contact
 * deletes its undelivered messages with it: there is nobody left to deliver them to.
 */
import { randomBytes } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { notFound } from '../http/api-error.ts'
import type { Contact, CreatedContact } from './alert-schemas.ts'
import { newContactSchema } from './alert-schemas.ts'
import type { z } from '@hono/zod-openapi'

export type ContactRow = Selectable<AppSchema['alert_contacts']>
export type NewContactInput = z.output<typeof newContactSchema>

export async function createContact(db: AppDb, input: NewContactInput, by: string, at: string): Promise<CreatedContact> {
  const secret = input.kind === 'webhook' ? randomBytes(32).toString('base64url') : null
  const target = input.kind === 'webhook' ? { url: input.url } : { to: input.to }
  const row = await db
    .insertInto('alert_contacts')
    .values({ name: input.name, kind: input.kind, target: JSON.stringify(target), secret, rule_ids: JSON.stringify(input.ruleIds), min_severity: input.minSeverity, repeat_minutes: input.repeatMinutes, send_resolved: input.sendResolved ? 1 : 0, created_by: by, created_at: at })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { ...toContact(row, 0), ...(secret !== null && { secret }) }
}

export async function listContacts(db: AppDb): Promise<Contact[]> {
  const rows = await db.selectFrom('alert_contacts').selectAll().orderBy('name').orderBy('id').execute()
  const pending = await db.selectFrom('alert_deliveries').select(['contact_id', db.fn.countAll<number>().as('n')]).where('status', '=', 'pending').groupBy('contact_id').execute()
  const counts = new Map(pending.map((row) => [row.contact_id, Number(row.n)]))
  return rows.map((row) => toContact(row, counts.get(row.id) ?? 0))
}

export async function contactRows(db: AppDb): Promise<ContactRow[]> {
  return db.selectFrom('alert_contacts').selectAll().execute()
}

export async function getContactRow(db: AppDb, id: number): Promise<ContactRow> {
  const row = await db.selectFrom('alert_contacts').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no contact ${id}`, 'id')
  return row
}

export async function deleteContact(db: AppDb, id: number): Promise<ContactRow> {
  const row = await getContactRow(db, id)
  await db.deleteFrom('alert_contacts').where('id', '=', id).execute()
  return row
}

export function toContact(row: ContactRow, pending: number): Contact {
  const target = JSON.parse(row.target) as { url?: string; to?: string[] }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as Contact['kind'],
    ...(target.url !== undefined && { url: target.url }),
    ...(target.to !== undefined && { to: target.to }),
    ruleIds: JSON.parse(row.rule_ids) as number[],
    minSeverity: row.min_severity as Contact['minSeverity'],
    repeatMinutes: row.repeat_minutes,
    sendResolved: row.send_resolved === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    pending,
  }
}
