/** The shipped Plant overview on a real app database (SQLite and PostgreSQL): seeded once, even by two instances starting at the same moment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'
import { seedPlantOverview } from './plant-overview.ts'

describe.each(appDatabases)('on $name', (database) => {
  let db: AppDb
  beforeAll(async () => {
    db = await database.open()
  })
  afterAll(() => db?.destroy())

  const boards = async (): Promise<number> => (await db.selectFrom('boards').select('id').where('title', '=', 'Plant overview').execute()).length

  it('adds the published board once when two instances start at the same moment, and never again', async () => {
    // Both pass the "seeded already?" check before either has written, as two instances starting together do.
    const added = await Promise.all(['host-a pid 1', 'host-b pid 2'].map((holder) => seedPlantOverview(db, { mode: 'embedded', holder })))
    expect(added.sort()).toEqual([0, 1])
    expect(await boards()).toBe(1)
    expect(await seedPlantOverview(db, { mode: 'embedded', holder: 'host-a pid 3' })).toBe(0)
    expect(await boards()).toBe(1)
  })

  it('adds nothing in plant mode', async () => {
    expect(await seedPlantOverview(db, { mode: 'plant' })).toBe(0)
  })
})
