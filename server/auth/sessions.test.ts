/** Sessions on a real app database (SQLite and PostgreSQL): sliding expiry, expiry, forged secrets, log out everywhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { createSession, deleteUserSessions, SESSION_IDLE_MS, validateSessionToken } from './sessions.ts'
import { createUser, type User } from './users.ts'

describe.each(appDatabases)('on $name', (database) => {
  let db: AppDb
  let user: User
  beforeAll(async () => {
    db = await database.open()
    user = await createUser(db, { username: 'ada', password: 'ada-password', role: 'analyst' })
  })
  afterAll(() => db?.destroy())

  const DAY = 24 * 60 * 60 * 1000
  const t0 = Date.parse('2026-01-01T00:00:00Z')

  describe('sessions', () => {
    it('store only the hash of the secret', async () => {
      const { token } = await createSession(db, user.id, t0)
      const rows = await db.selectFrom('sessions').selectAll().execute()
      expect(JSON.stringify(rows)).not.toContain(token.split('.')[1])
    })

    it('slide: unchanged in the first half of their life, pushed a full period forward after it', async () => {
      const { token, session } = await createSession(db, user.id, t0)
      expect(session.expiresAt).toBe(t0 + SESSION_IDLE_MS)
      expect(await validateSessionToken(db, token, t0 + 10 * DAY)).toMatchObject({ refreshed: false, session: { expiresAt: t0 + SESSION_IDLE_MS } })
      const later = t0 + 20 * DAY
      expect(await validateSessionToken(db, token, later)).toMatchObject({ refreshed: true, session: { expiresAt: later + SESSION_IDLE_MS }, user: { username: 'ada' } })
      // Still valid past the original expiry, because it was used.
      expect(await validateSessionToken(db, token, t0 + 40 * DAY)).toBeDefined()
    })

    it('expire after 30 idle days, and the row is gone', async () => {
      const { token, session } = await createSession(db, user.id, t0)
      expect(await validateSessionToken(db, token, t0 + SESSION_IDLE_MS)).toBeUndefined()
      expect(await db.selectFrom('sessions').where('id', '=', session.id).selectAll().executeTakeFirst()).toBeUndefined()
    })

    it('refuse a right id with a wrong secret', async () => {
      const { token } = await createSession(db, user.id, t0)
      const [id] = token.split('.')
      expect(await validateSessionToken(db, `${id}.${'a'.repeat(26)}`, t0)).toBeUndefined()
    })

    it('all end when the user logs out everywhere', async () => {
      const tokens = [await createSession(db, user.id, t0), await createSession(db, user.id, t0)].map((s) => s.token)
      expect(await deleteUserSessions(db, user.id)).toBeGreaterThanOrEqual(2)
      for (const token of tokens) expect(await validateSessionToken(db, token, t0)).toBeUndefined()
    })
  })
})
