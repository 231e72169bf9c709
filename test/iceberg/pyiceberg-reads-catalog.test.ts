/**
 * The catalog published as Iceberg, read by a reader that is not ours: PyIceberg (from PyPI, in
 * a venv) reads mes.production_counts, kpi.machine_daily and sensors.readings through the
 * Iceberg SQL catalog in the app database, at the latest snapshot and at an earlier one, and gets
 * exactly the rows the catalog's own views (what `cockpit sql` runs) show at those snapshots —
 * including keyed tables whose files hold superseded rows (a corrected re-export, a reading
 * delivered twice), which Iceberg hides through position delete files.
 */
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalStorage, latestSnapshotId, tableHistory } from '../../catalog/index.ts'
import { createIcebergPublisher, publishIceberg, type PublishResult } from '../../catalog/iceberg/index.ts'
import { ingestMes, openDuckDbSession, silentLogger } from '../../jobs/index.ts'
import { openBatchCommitter } from '../../jobs/sensors/commit/index.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'
import { readWithPyIceberg } from '../harness/pyiceberg.ts'

const TABLES = ['mes.production_counts', 'kpi.machine_daily', 'sensors.readings']
const t0 = Date.parse('2026-11-24T08:00:00Z')

let test: TestCatalog
let earlier: number
let latest: number

/** Every row of `table` as of `asOf`, from the catalog's views or from a Parquet file PyIceberg wrote, sorted. */
async function rows(table: string, asOf: number, parquet?: string): Promise<Record<string, unknown>[]> {
  const from = parquet === undefined ? table : `read_parquet('${parquet}')`
  return test.query(`SELECT * FROM ${from} ORDER BY ALL`, { asOf })
}

async function ingestLanding(landing: string): Promise<void> {
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
}

/** Commits readings of sensor T1 (°C = 60 + second); `offsets` gives each its Kafka offset on partition 0. */
async function commitReadings(readings: { second: number; offset: number; celsius?: number }[]): Promise<void> {
  const committer = await openBatchCommitter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), position: { consumer: 'g', topic: 't', kind: 'kafka' }, allowedLatenessMs: 0 })
  try {
    for (const r of readings) {
      committer.batch.addReading({ sensorId: 'T1', machineId: 'M01', ts: t0 + r.second * 1000, temperatureC: r.celsius ?? 60 + r.second }, 0, r.offset)
      committer.observe(t0 + r.second * 1000)
    }
    committer.batch.nextOffsets.set(0, String(Math.max(...readings.map((r) => r.offset)) + 1))
    await committer.flush()
  } finally {
    committer.close()
  }
}

beforeAll(async () => {
  test = await createTestCatalog()
  const landing = join(test.dir, 'landing')
  await writeDirtyDumps(landing)
  await ingestLanding(landing)
  await commitReadings([{ second: 0, offset: 0 }, { second: 20, offset: 1 }, { second: 40, offset: 2 }])
  // The same reading delivered again (a producer retry): a later offset of the same (sensor, ts).
  await commitReadings([{ second: 20, offset: 3, celsius: 81 }, { second: 70, offset: 4 }])
  earlier = await latestSnapshotId(test.catalog)

  // A corrected re-export of the production counts: the 08:00 period supersedes the first export's.
  const corrected = join(landing, 'production_counts', '2026-11-24-corrected.json')
  writeFileSync(corrected, JSON.stringify([{ machine_id: 'M01', order_id: 'O1', product_id: 'P-100', period_start: '2026-11-24T08:00:00Z', period_end: '2026-11-24T09:00:00Z', good_count: 90, scrap_count: 15 }]))
  utimesSync(corrected, new Date('2026-11-25T06:00:00Z'), new Date('2026-11-25T06:00:00Z'))
  await ingestLanding(landing)
  await commitReadings([{ second: 40, offset: 5, celsius: 99 }, { second: 130, offset: 6 }])
  latest = await latestSnapshotId(test.catalog)

  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
  try {
    const result = await publishIceberg(test.catalog, session.connection)
    console.info(`iceberg export of ${JSON.stringify(result.published)} snapshots: ${result.ms} ms`)
  } finally {
    session.close()
  }
}, 600_000)
afterAll(() => test?.close())

describe('the catalog read as Iceberg by PyIceberg', () => {
  it('every table has its own history at both snapshots, and the keyed ones have superseded rows', async () => {
    for (const table of TABLES) {
      const ids = (await tableHistory(test.catalog, table)).map((s) => s.id)
      expect(ids.some((id) => id <= earlier), table).toBe(true)
      expect(ids.some((id) => id > earlier), table).toBe(true)
    }
    // The view hides them; the files still hold them.
    const stored = await test.query(`SELECT count(*)::INT AS n FROM read_parquet('${join(test.dir, 'catalog')}/sensors/readings/**/*.parquet')`)
    expect(stored[0]!.n).toBe(7)
    expect(await test.query('SELECT count(*)::INT AS n FROM sensors.readings')).toEqual([{ n: 5 }])
  })

  it('reads mes.production_counts, kpi.machine_daily and sensors.readings with exactly the rows of the catalog views, latest and earlier', async () => {
    const reads = TABLES.flatMap((table) => [
      { table, out: join(test.dir, `${table}-latest.parquet`) },
      { table, asOf: earlier, out: join(test.dir, `${table}-earlier.parquet`) },
    ])
    const result = await readWithPyIceberg(`sqlite:///${join(test.dir, 'app.sqlite')}`, reads)
    for (const read of reads) {
      const asOf = read.asOf ?? latest
      const ours = await rows(read.table, asOf)
      expect(ours.length, `${read.table} as of ${asOf}`).toBeGreaterThan(0)
      expect(await rows(read.table, asOf, read.out), `${read.table} as of ${asOf}`).toEqual(ours)
    }
    // The keyed tables needed deletes at both snapshots; the KPI table (rebuilt, not keyed) none.
    const deletes = Object.fromEntries(result.map((r) => [`${r.table}@${r.snapshot === null || r.snapshot > earlier ? 'latest' : 'earlier'}`, r.deleteFiles]))
    expect(deletes['sensors.readings@earlier']).toBeGreaterThan(0)
    expect(deletes['sensors.readings@latest']).toBeGreaterThan(0)
    expect(deletes['mes.production_counts@latest']).toBeGreaterThan(0)
    expect(deletes['kpi.machine_daily@latest']).toBe(0)
  })

  it('is kept up to date by the publisher as commits finish: a reader sees the next commit, its redelivered reading hidden', async () => {
    const runs: PublishResult[] = []
    const publisher = createIcebergPublisher({
      catalog: test.catalog,
      openConnection: () => openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') }),
      onPublished: (result) => runs.push(result),
      onError: (error) => {
        throw error
      },
    })
    test.catalog.afterCommit = () => publisher.notify()
    try {
      await commitReadings([{ second: 130, offset: 7, celsius: 7 }, { second: 190, offset: 8 }])
      await publisher.idle()
    } finally {
      test.catalog.afterCommit = undefined
    }
    const now = await latestSnapshotId(test.catalog)
    expect(runs.flatMap((run) => Object.entries(run.published))).toEqual([['sensors.readings', 1], ['sensors.windows_1m', 1]])
    console.info(`iceberg export after one sensor commit: ${runs.map((run) => run.ms).join(', ')} ms`)
    const out = join(test.dir, 'readings-after.parquet')
    const [read] = await readWithPyIceberg(`sqlite:///${join(test.dir, 'app.sqlite')}`, [{ table: 'sensors.readings', out }])
    expect(read!.snapshot).toBe(now)
    const ours = await rows('sensors.readings', now)
    expect(ours.find((row) => String(row.ts).includes('08:02:10'))?.temperature_c).toBe(7)
    expect(await rows('sensors.readings', now, out)).toEqual(ours)
  })

  it('notices a commit by another engine, which the catalog ignores and the next publish replaces', async () => {
    const foreignLocation = 'file:///elsewhere/v99.metadata.json'
    const readings = { catalog_name: 'cockpit', table_namespace: 'sensors', table_name: 'readings' }
    await test.catalog.db.updateTable('iceberg_tables').set({ metadata_location: foreignLocation }).where('catalog_name', '=', readings.catalog_name).where('table_namespace', '=', readings.table_namespace).where('table_name', '=', readings.table_name).execute()
    await commitReadings([{ second: 250, offset: 9 }])
    const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
    try {
      const result = await publishIceberg(test.catalog, session.connection)
      expect(result.foreign).toEqual({ 'sensors.readings': foreignLocation })
    } finally {
      session.close()
    }
    const row = await test.catalog.db.selectFrom('iceberg_tables').select(['metadata_location', 'previous_metadata_location']).where('table_namespace', '=', 'sensors').where('table_name', '=', 'readings').executeTakeFirstOrThrow()
    expect(row.metadata_location).toMatch(/_iceberg\/sensors\/readings\/metadata\/v\d+\.metadata\.json$/)
    expect(row.metadata_location).not.toBe(foreignLocation)
  })
})
