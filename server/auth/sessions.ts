/**
 * Browser sessions after Lucia's guide: a `<id>.<secret>` token in a cookie, the hashed secret in
 * the database, and sliding expiry — a session lives 30 days from its last use, and the expiry is
 * pushed forward (one write) only once half of that has passed.
 */
import type { AppDb } from '../../db/index.ts'
import { generateSecretToken, parseToken, secretMatches } from './secret-token.ts'
import { toUser, type User } from './users.ts'

export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000

export interface Session {
  id: string
  userId: number
  expiresAt: number
}

export interface ValidSession {
  session: Session
  user: User
  /** True when the expiry moved forward and the cookie should be sent again. */
  refreshed: boolean
}

export async function createSession(db: AppDb, userId: number, now = Date.now()): Promise<{ token: string; session: Session }> {
  const { id, token, secretHash } = generateSecretToken()
  const session = { id, userId, expiresAt: now + SESSION_IDLE_MS }
  await db.insertInto('sessions').values({ id, secret_hash: secretHash, user_id: userId, created_at: new Date(now).toISOString(), expires_at: session.expiresAt }).execute()
  return { token, session }
}

/** The session and its (enabled) user, or undefined for a malformed, unknown, wrong or expired token. */
export async function validateSessionToken(db: AppDb, token: string, now = Date.now()): Promise<ValidSession | undefined> {
  const parsed = parseToken(token)
  if (parsed === undefined) return undefined
  // One query for session and user: this runs on every signed-in request.
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.secret_hash', 'sessions.user_id', 'sessions.expires_at', 'users.username', 'users.role', 'users.disabled', 'users.created_at'])
    .where('sessions.id', '=', parsed.id)
    .executeTakeFirst()
  if (row === undefined || !secretMatches(parsed.secret, row.secret_hash)) return undefined
  if (now >= row.expires_at) {
    await deleteSession(db, row.id)
    return undefined
  }
  const user = toUser({ id: row.user_id, username: row.username, role: row.role, disabled: row.disabled, created_at: row.created_at })
  if (user.disabled) return undefined
  const session = { id: row.id, userId: row.user_id, expiresAt: row.expires_at }
  if (row.expires_at - now >= SESSION_IDLE_MS / 2) return { session, user, refreshed: false }
  session.expiresAt = now + SESSION_IDLE_MS
  await db.updateTable('sessions').set({ expires_at: session.expiresAt }).where('id', '=', row.id).execute()
  return { session, user, refreshed: true }
}

export async function deleteSession(db: AppDb, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute()
}

/** "Log out everywhere": every session of the user ends. Returns how many there were. */
export async function deleteUserSessions(db: AppDb, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
