/**
 * The app database's health probe on both databases: ok when `select 1` answers, cached for a
 * moment and shared by concurrent calls, and — when the database is gone — `degraded` naming
 * PostgreSQL (its pool reconnects by itself) but `down` for a SQLite file.
 */
import { describe, expect, it } from 'vitest'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { appDbHealthCheck } from './app-db-probe.ts'

describe.each(appDatabases)('appDbHealthCheck on $name', (database) => {
  const kind = database.name

  it('answers ok naming the database, and reuses the answer for cacheMs (one probe for concurrent calls)', async () => {
    const db = await database.open()
    let now = 0
    const check = appDbHealthCheck({ db, kind, where: 'db.plant:5432/cockpit', clock: () => now })
    try {
      const [first, second] = await Promise.all([check(), check()])
      expect(first).toEqual({ status: 'ok', message: `${kind} app database at db.plant:5432/cockpit` })
      expect(second).toBe(first)
      await db.destroy()
      now += 1_999
      expect(await check()).toBe(first)
      now += 1
      const after = await check()
      if (kind === 'PostgreSQL') {
        expect(after).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^PostgreSQL app database at db\.plant:5432\/cockpit does not answer \(.+\); reconnecting by itself$/) })
      } else {
        expect(after).toMatchObject({ status: 'down', message: expect.stringMatching(/^SQLite app database at db\.plant:5432\/cockpit: .+/) })
      }
    } finally {
      await db.destroy().catch(() => undefined)
    }
  })
})
