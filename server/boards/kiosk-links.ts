/**
 * Kiosk links: a shop-floor TV has nobody to sign in, so an admin makes a link bound to a few
 * published boards. Its token is `<id>.<secret>` with 130 random bits each (../auth/secret-token.ts);
 * only the SHA-256 of the secret is stored and compared in constant time, like sessions and API
 * tokens. A link expires, can be revoked (deleted), and grants nothing but its boards' published
 * versions and their tiles' data — it is never a principal, so no other route accepts it.
 */
import type { Selectable } from 'kysely'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { generateSecretToken, parseToken, secretMatches } from '../auth/secret-token.ts'
import { badRequest, notFound } from '../http/api-error.ts'
import type { KioskLink } from './board-schemas.ts'

/** A link may live at most a year: a TV link is re-issued, not forgotten. */
export const MAX_KIOSK_DAYS = 366

export interface NewLink {
  name?: string
  boards: number[]
  expiresAt: string
  rotateSeconds: number
}

export async function createKioskLink(db: AppDb, link: NewLink, who: { author: string; at: Date }): Promise<{ token: string; link: KioskLink }> {
  const expires = Date.parse(link.expiresAt)
  if (expires <= who.at.getTime()) throw badRequest('expiresAt', 'must be in the future')
  if (expires > who.at.getTime() + MAX_KIOSK_DAYS * 86_400_000) throw badRequest('expiresAt', `may be at most ${MAX_KIOSK_DAYS} days ahead`)
  for (const [index, id] of link.boards.entries()) {
    const board = await db.selectFrom('boards').select('published_version').where('id', '=', id).executeTakeFirst()
    if (board === undefined) throw badRequest(`boards.${index}`, `no board ${id}`)
    if (board.published_version === null) throw badRequest(`boards.${index}`, `board ${id} has not been published: a kiosk shows published boards only`)
  }
  const { id, token, secretHash } = generateSecretToken()
  const row = {
    id,
    secret_hash: secretHash,
    name: link.name ?? `kiosk ${id.slice(0, 6)}`,
    boards: JSON.stringify(link.boards),
    rotate_seconds: link.rotateSeconds,
    created_by: who.author,
    created_at: who.at.toISOString(),
    expires_at: new Date(expires).toISOString(),
    last_used_at: null,
  }
  await db.insertInto('kiosk_links').values(row).execute()
  return { token, link: toLink(row) }
}

export async function listKioskLinks(db: AppDb): Promise<KioskLink[]> {
  return (await db.selectFrom('kiosk_links').selectAll().orderBy('created_at', 'desc').execute()).map(toLink)
}

export async function revokeKioskLink(db: AppDb, id: string): Promise<KioskLink> {
  const row = await db.selectFrom('kiosk_links').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no kiosk link ${id}`, 'id')
  await db.deleteFrom('kiosk_links').where('id', '=', id).execute()
  return toLink(row)
}

/** The link a token opens, or undefined: unknown, wrong secret, revoked and expired look the same. */
export async function openKioskLink(db: AppDb, token: string, now = new Date()): Promise<KioskLink | undefined> {
  const parsed = parseToken(token)
  if (parsed === undefined) return undefined
  const row = await db.selectFrom('kiosk_links').selectAll().where('id', '=', parsed.id).executeTakeFirst()
  if (row === undefined || !secretMatches(parsed.secret, row.secret_hash)) return undefined
  if (Date.parse(row.expires_at) <= now.getTime()) return undefined
  // Written at most once a minute: a TV polling tiles should not write on every request.
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > 60_000) await db.updateTable('kiosk_links').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute()
  return toLink(row)
}

function toLink(row: Selectable<AppSchema['kiosk_links']>): KioskLink {
  return { id: row.id, name: row.name, boards: JSON.parse(row.boards) as number[], rotateSeconds: row.rotate_seconds, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at }
}
