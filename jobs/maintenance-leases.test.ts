/**
 * The KPI rebuild and the maintenance jobs under a lease, on both app databases: a holder that
 * stalls past its TTL while another instance takes the job over commits nothing — no KPI files,
 * no compaction, no vacuum deletes — and its run ends failed naming the new holder; the same
 * run with its lease kept does commit (so the tests can tell the two apart).
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commit, createLocalStorage, latestSnapshotId } from '../catalog/index.ts'
import { writeDirtyDumps } from '../test/fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../test/fixtures/test-catalog.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { acquireLease, runWithLease } from './job-leases.ts'
import { silentLogger } from './job-logger.ts'
import { KPI_DEBT } from './kpi/kpi-debt.ts'
import { KPI_JOB, runKpiRebuild } from './kpi/kpi-rebuild-job.ts'
import type { LeaseGuard } from './lease-guard.ts'
import { compactCatalog, COMPACT_JOB, vacuumCatalog, VACUUM_JOB } from './maintenance.ts'
import { ingestMes, type MesIngestOptions } from './mes/ingest-mes.ts'

let start = Date.parse('2026-12-01T06:00:00Z')

describe.each(appDatabases)('jobs that lose their lease mid-run on $name', (database) => {
  let test: TestCatalog
  let context: { catalog: TestCatalog['catalog']; plantTz: string; tempDir: string; logger: typeof silentLogger; trigger: 'manual' }

  beforeEach(async () => {
    test = await createTestCatalog({ database })
    const landing = join(test.dir, 'landing')
    await writeDirtyDumps(landing)
    const options: MesIngestOptions = { catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger }
    await ingestMes(options)
    // A corrected re-export: a second file in raw.orders and mes.orders, something to compact.
    const orders = join(landing, 'orders', '2026-11-24-v2.csv')
    writeFileSync(orders, 'order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end\nO1,P-100,M01,121,30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n')
    const later = new Date(Date.now() + 60_000)
    utimesSync(orders, later, later)
    await ingestMes(options)
    context = { catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), logger: silentLogger, trigger: 'manual' }
  })
  afterEach(() => test.close())

  /**
   * Runs `work` as holder a of `job`'s lease; when `takenOver`, the holder stalls past its TTL
   * right after taking the lease and instance b takes the job over, before any renewal tick.
   */
  async function asHolder<T>(job: string, takenOver: boolean, work: (lease: LeaseGuard) => Promise<T>): Promise<T> {
    // Each call later than the last one's leases: the stalled holder's successor is long gone.
    let now = (start += 3_600_000)
    const outcome = await runWithLease(test.catalog.db, { job, holder: 'host-a pid 1', clock: () => now }, async (_held, lease) => {
      if (takenOver) {
        now += 60_000
        await acquireLease(test.catalog.db, { job, holder: 'host-b pid 2', ttlMs: 30_000, now })
      }
      return work(lease)
    })
    if (!outcome.ran) throw new Error(`${job}: lease not taken`)
    return outcome.value
  }

  const lastRun = async (job: string) => (await test.catalog.db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('id', 'desc').executeTakeFirstOrThrow())
  const owed = async () => (await test.catalog.db.selectFrom('derived_debt').selectAll().execute()).length

  it('the KPI rebuild builds its months but commits none of them, and leaves the days owed', async () => {
    await commit(test.catalog, { operation: 'ingest', add: [], owe: [{ target: KPI_DEBT, range: { min: '2026-11-24T08:00:00Z', max: '2026-11-24T10:30:00Z' } }] })
    const snapshot = await latestSnapshotId(test.catalog)
    await expect(asHolder(KPI_JOB, true, (lease) => runKpiRebuild({ ...context, lease }))).rejects.toThrow('lease for kpi-rebuild lost to host-b pid 2')
    expect(await latestSnapshotId(test.catalog)).toBe(snapshot)
    expect(await owed()).toBe(1)
    expect(await lastRun(KPI_JOB)).toMatchObject({ status: 'failed', error: 'lease for kpi-rebuild lost to host-b pid 2' })

    const kept = await asHolder(KPI_JOB, false, (lease) => runKpiRebuild({ ...context, lease }))
    expect(kept?.kpiDays).toEqual(['2026-11-24'])
    expect(await latestSnapshotId(test.catalog)).toBe(snapshot + 1)
    expect(await owed()).toBe(0)
  })

  it('compaction merges no table, and the run ends failed naming the new holder', async () => {
    const snapshot = await latestSnapshotId(test.catalog)
    await expect(asHolder(COMPACT_JOB, true, (lease) => compactCatalog({ ...context, lease }))).rejects.toThrow('lease for compact lost to host-b pid 2')
    expect(await latestSnapshotId(test.catalog)).toBe(snapshot)
    expect(await lastRun(COMPACT_JOB)).toMatchObject({ status: 'failed', error: 'lease for compact lost to host-b pid 2' })

    const kept = await asHolder(COMPACT_JOB, false, (lease) => compactCatalog({ ...context, lease }))
    expect(kept.tables.filter((table) => table.after < table.before).length).toBeGreaterThan(0)
    expect(await latestSnapshotId(test.catalog)).toBeGreaterThan(snapshot)
  })

  it('compaction stops before its next table once the lease is known lost', async () => {
    const snapshot = await latestSnapshotId(test.catalog)
    const lost = new AbortController()
    lost.abort(new Error('lease for compact lost to host-b pid 2'))
    await expect(compactCatalog({ ...context, lease: { signal: lost.signal, confirm: async () => undefined } })).rejects.toThrow('lease for compact lost to host-b pid 2')
    expect(await latestSnapshotId(test.catalog)).toBe(snapshot)
  })

  it('vacuum deletes no orphan file', async () => {
    // What a crash between writing files and committing leaves: an unregistered file, old enough to go.
    const orphan = join(test.dir, 'catalog', 'raw', 'orders', '2026-11-01', 'orphan.parquet')
    mkdirSync(join(orphan, '..'), { recursive: true })
    writeFileSync(orphan, 'not registered')
    const old = new Date(Date.now() - 86_400_000)
    utimesSync(orphan, old, old)

    await expect(asHolder(VACUUM_JOB, true, (lease) => vacuumCatalog({ ...context, lease }, 0))).rejects.toThrow('lease for vacuum lost to host-b pid 2')
    expect(existsSync(orphan)).toBe(true)
    expect(await lastRun(VACUUM_JOB)).toMatchObject({ status: 'failed', error: 'lease for vacuum lost to host-b pid 2' })

    const kept = await asHolder(VACUUM_JOB, false, (lease) => vacuumCatalog({ ...context, lease }, 0))
    expect(kept.deleted).toContain('raw/orders/2026-11-01/orphan.parquet')
    expect(existsSync(orphan)).toBe(false)
  })
})
