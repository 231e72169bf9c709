import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import type { CatalogEvent } from './board-schemas.ts'
import { CatalogWatch } from './catalog-watch.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let test: TestCatalog
  beforeAll(async () => {
    test = await createTestCatalog({ database })
  })
  afterAll(() => test?.close())

  const snapshot = (tables: string[]) => test.catalog.db.insertInto('catalog_snapshots').values({ committed_at: new Date().toISOString(), job_run_id: null, operation: 'append', tables: JSON.stringify(tables), summary: null }).returning('id').executeTakeFirstOrThrow()

  describe('CatalogWatch', () => {
    it('emits each commit after the snapshot it started from, with its tables, to every listener', async () => {
      await snapshot(['mes.orders'])
      const watch = new CatalogWatch({ db: test.catalog.db, intervalMs: 60_000 })
      const first: CatalogEvent[] = []
      const second: CatalogEvent[] = []
      const a = watch.subscribe((event) => first.push(event))
      const b = watch.subscribe((event) => second.push(event))
      const from = await a.ready
      expect(await b.ready).toBe(from)
      const { id } = await snapshot(['kpi.machine_daily', 'kpi.machine_hourly'])
      await watch.poll()
      expect(first).toEqual([{ snapshot: id, tables: ['kpi.machine_daily', 'kpi.machine_hourly'], committedAt: expect.any(String), operation: 'append' }])
      expect(second).toEqual(first)
      a.close()
      await snapshot(['sensors.readings'])
      await watch.poll()
      expect(first).toHaveLength(1)
      expect(second).toHaveLength(2)
      b.close()
      expect(watch.listeners).toBe(0)
    })
  })
})
