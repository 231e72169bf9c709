import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { commit, createLocalStorage, debtsAsOf, latestSnapshotId } from '../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { writeDirtyDumps } from '../../test/fixtures/dirty-dumps.ts'
import { openDuckDbSession, type DuckDbSession } from '../duckdb-session.ts'
import { silentLogger } from '../job-logger.ts'
import { ingestMes } from '../mes/ingest-mes.ts'
import { buildKpis } from './build-kpis.ts'
import { KPI_DEBT, payKpiDebt } from './kpi-debt.ts'
import { runKpiRebuild } from './kpi-rebuild-job.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let test: TestCatalog
  let session: DuckDbSession
  let kpis: unknown
  const day = { min: '2026-11-24T08:00:00Z', max: '2026-11-24T10:30:00Z' }

  const kpiRows = () => Promise.all(['kpi.machine_daily', 'kpi.machine_hourly'].map((table) => test.query(`SELECT * FROM ${table} ORDER BY ALL`)))
  const owed = async () => (await test.catalog.db.selectFrom('derived_debt').selectAll().execute()).length
  /** An MES commit's debt without its KPI build: what a crash right after the commit leaves. */
  const owe = (range?: { min: string; max: string }) => commit(test.catalog, { operation: 'ingest', add: [], owe: [{ target: KPI_DEBT, range }] })
  const dropKpis = () => commit(test.catalog, { operation: 'replace', add: [], remove: [{ table: 'kpi.machine_daily' }, { table: 'kpi.machine_hourly' }] })

  beforeEach(async () => {
    test = await createTestCatalog({ database })
    const landing = join(test.dir, 'landing')
    await writeDirtyDumps(landing)
    const options = { catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli' as const, logger: silentLogger }
    expect((await ingestMes(options)).kpiDays).toEqual(['2026-11-24'])
    kpis = await kpiRows()
    session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
  })
  afterEach(async () => {
    session.close()
    await test.close()
  })

  describe('KPI debt', () => {
    it('is paid by the ingestion run that recorded it', async () => {
      expect(await owed()).toBe(0)
    })

    it('left by a crash is paid by the next KPI run, which settles it in its commit', async () => {
      await dropKpis()
      await owe(day)
      const paid = await runKpiRebuild({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'start', logger: silentLogger })
      expect(paid?.kpiDays).toEqual(['2026-11-24'])
      expect(await kpiRows()).toEqual(kpis)
      expect(await owed()).toBe(0)
      // Nothing owed: no run at all, unless someone asked for one.
      expect(await runKpiRebuild({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'start', logger: silentLogger })).toBeUndefined()
      expect(await runKpiRebuild({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'manual', logger: silentLogger })).toMatchObject({ kpiDays: [] })
    })

    it('for everything (a catalog migrated after the crash) rebuilds every day of MES data', async () => {
      await dropKpis()
      await owe()
      expect(await payKpiDebt({ catalog: test.catalog, connection: session.connection, plantTz: 'UTC' })).toEqual(['2026-11-24'])
      expect(await kpiRows()).toEqual(kpis)
      expect(await owed()).toBe(0)
    })

    it('recorded after the snapshot a build reads is not settled by it', async () => {
      await owe(day)
      const snapshot = await latestSnapshotId(test.catalog)
      await owe(day)
      expect((await debtsAsOf(test.catalog, KPI_DEBT, snapshot)).map((debt) => debt.snapshotId)).toEqual([snapshot])
      await payKpiDebt({ catalog: test.catalog, connection: session.connection, plantTz: 'UTC' })
      expect(await owed()).toBe(0)
    })

    it('stays when the KPI files changed after the snapshot a build read: the build fails instead of overwriting them, and the next run pays it', async () => {
      await owe(day)
      const snapshot = await latestSnapshotId(test.catalog)
      const [debt] = await debtsAsOf(test.catalog, KPI_DEBT, snapshot)
      // Another process's commit replaces the KPI files meanwhile.
      await dropKpis()
      const stale = buildKpis({ catalog: test.catalog, connection: session.connection, plantTz: 'UTC', eventTimes: [day], snapshot, settle: [debt!.id] })
      await expect(stale).rejects.toThrow(/^commit conflict on kpi\.machine_hourly/)
      expect(await owed()).toBe(1)
      await payKpiDebt({ catalog: test.catalog, connection: session.connection, plantTz: 'UTC' })
      expect(await kpiRows()).toEqual(kpis)
      expect(await owed()).toBe(0)
    })
  })
})
