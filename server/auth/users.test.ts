/** Users on a real app database (SQLite and PostgreSQL): a name taken twice at the same moment is refused as existing, once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { createUser, UserError } from './users.ts'

describe.each(appDatabases)('on $name', (database) => {
  let db: AppDb
  beforeAll(async () => {
    db = await database.open()
  })
  afterAll(() => db?.destroy())

  it('creates one user when the same name is added twice at once, and refuses the other as existing', async () => {
    // Both pass the "exists?" check before either inserts, as two instances adding one user do.
    const results = await Promise.allSettled(['ada-password-1', 'ada-password-2'].map((password) => createUser(db, { username: 'ada', password, role: 'admin' })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused?.reason).toBeInstanceOf(UserError)
    expect(refused?.reason).toMatchObject({ message: "a user named 'ada' exists already", kind: 'exists' })
    expect(await db.selectFrom('users').select('username').where('username', '=', 'ada').execute()).toHaveLength(1)
  })
})
