/**
 * The catalog published as Iceberg, read by a reader that is not ours: PyIceberg (from PyPI, in
 * a venv) reads mes.production_counts, kpi.machine_daily and sensors.readings through the
 * Iceberg SQL catalog in the app database, at the latest snapshot and at an earlier one, and gets
 * exactly the rows the catalog's own views (what `cockpit sql` runs) show at those snapshots —
 * including keyed tables whose files hold superseded rows (a corrected re-export, a reading
 * delivered twice), which Iceberg hides through position delete files.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesAsOf, latestSnapshotId, tableHistory } from '../../catalog/index.ts'
import { createIcebergPublisher, type PublishResult } from '../../catalog/iceberg/index.ts'
import { openDuckDbSession } from '../../jobs/index.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'
import { readWithPyIceberg } from '../harness/pyiceberg.ts'
import { buildHistory, commitReadings as commitTo, expectPyIcebergReadsSameRows, publish, rows as rowsOf, TABLES, type Scenario } from './iceberg-scenario.ts'

let test: TestCatalog
let scenario: Scenario
const rows = (table: string, asOf: number, parquet?: string) => rowsOf(test, table, asOf, parquet)
const commitReadings = (readings: { second: number; offset: number; celsius?: number }[]) => commitTo(test, readings)
const publishIceberg = () => publish(test)

beforeAll(async () => {
  test = await createTestCatalog()
  scenario = await buildHistory(test)
  const result = await publishIceberg()
  console.info(`iceberg export of ${JSON.stringify(result.published)} snapshots: ${result.ms} ms`)
}, 600_000)
afterAll(() => test?.close())

describe('the catalog read as Iceberg by PyIceberg', () => {
  it('every table has its own history at both snapshots, and the keyed ones have superseded rows', async () => {
    for (const table of TABLES) {
      const ids = (await tableHistory(test.catalog, table)).map((s) => s.id)
      expect(ids.some((id) => id <= scenario.earlier), table).toBe(true)
      expect(ids.some((id) => id > scenario.earlier), table).toBe(true)
    }
    // The view hides them; the files still hold them.
    const stored = (await filesAsOf(test.catalog, 'sensors.readings')).reduce((sum, file) => sum + file.rowCount, 0)
    expect(stored).toBe(6) // compaction kept the latest versions; one was superseded after it
    expect(await test.query('SELECT count(*)::INT AS n FROM sensors.readings')).toEqual([{ n: 5 }])
  })

  it('reads mes.production_counts, kpi.machine_daily and sensors.readings with exactly the rows of the catalog views, latest and earlier', async () => {
    await expectPyIcebergReadsSameRows(test, scenario)
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
      await commitReadings([{ second: 130, offset: 8, celsius: 7 }, { second: 190, offset: 9 }])
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
    await commitReadings([{ second: 250, offset: 10 }])
    expect((await publishIceberg()).foreign).toEqual({ 'sensors.readings': foreignLocation })
    const row = await test.catalog.db.selectFrom('iceberg_tables').select(['metadata_location', 'previous_metadata_location']).where('table_namespace', '=', 'sensors').where('table_name', '=', 'readings').executeTakeFirstOrThrow()
    expect(row.metadata_location).toMatch(/_iceberg\/sensors\/readings\/metadata\/v\d+\.metadata\.json$/)
    expect(row.metadata_location).not.toBe(foreignLocation)
  })

  it('two publishers at once (two instances) leave every snapshot published once, in order', async () => {
    await commitReadings([{ second: 310, offset: 11 }, { second: 130, offset: 12, celsius: 8 }])
    await commitReadings([{ second: 370, offset: 13 }])
    const [a, b] = await Promise.all([publishIceberg(), publishIceberg()])
    expect((a.published['sensors.readings'] ?? 0) + (b.published['sensors.readings'] ?? 0)).toBeGreaterThanOrEqual(2)
    const now = await latestSnapshotId(test.catalog)
    const out = join(test.dir, 'readings-two-publishers.parquet')
    const [read] = await readWithPyIceberg(`sqlite:///${join(test.dir, 'app.sqlite')}`, [{ table: 'sensors.readings', out }])
    expect(read!.snapshot).toBe(now)
    expect(await rows('sensors.readings', now, out)).toEqual(await rows('sensors.readings', now))
    const history = (await tableHistory(test.catalog, 'sensors.readings')).map((s) => s.id).reverse()
    const metadata = await test.catalog.db.selectFrom('iceberg_exports').select('metadata_location').where('table_name', '=', 'sensors.readings').executeTakeFirstOrThrow()
    const published = JSON.parse(readFileSync(new URL(metadata.metadata_location), 'utf8')) as { snapshots: { 'snapshot-id': number }[] }
    expect(published.snapshots.map((s) => s['snapshot-id'])).toEqual(history)
  })
})
