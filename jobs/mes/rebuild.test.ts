import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commit, compactTable, createLocalStorage, filesAsOf, latestSnapshotId } from '../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { writeDirtyDumps } from '../../test/fixtures/dirty-dumps.ts'
import { openDuckDbSession, type DuckDbSession } from '../duckdb-session.ts'
import { silentLogger } from '../job-logger.ts'
import { startRun } from '../job-runs.ts'
import { DATASET_NAMES } from './datasets.ts'
import { ingestMes } from './ingest-mes.ts'
import type { Mapping } from './mapping.ts'
import { rebuildDataset, rebuildTable } from './rebuild.ts'

/** A cleaning change: product_id now comes from the customer column, scrap_count from good_count. */
const CHANGED: Mapping = { datasets: { orders: { columns: { product_id: 'customer' } }, production_counts: { columns: { scrap_count: 'good_count' } } } }

/** What a user sees of the MES layer; when a row was quarantined, and by which run, may differ. */
const VIEWS = [
  ...DATASET_NAMES.map((dataset) => `SELECT * FROM mes.${dataset} ORDER BY ALL`),
  'SELECT * EXCLUDE (run, quarantined_at) FROM quarantine.mes_rows ORDER BY ALL',
  'SELECT * FROM kpi.machine_hourly ORDER BY ALL',
  'SELECT * FROM kpi.machine_daily ORDER BY ALL',
]

interface Setup {
  test: TestCatalog
  landing: string
}

const opened: Setup[] = []
let session: DuckDbSession
let sessionDir: string

/** A catalog with the dirty dumps ingested (with `mapping`), file times pinned so ETags agree across catalogs. */
async function ingested(mapping?: Mapping): Promise<Setup> {
  const test = await createTestCatalog()
  const landing = join(test.dir, 'landing')
  await writeDirtyDumps(landing)
  pinTimes(landing, new Date('2026-11-25T06:00:00Z'))
  opened.push({ test, landing })
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: 'landing', plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger, mapping })
  return { test, landing }
}

function pinTimes(dir: string, time: Date): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) pinTimes(path, time)
    else utimesSync(path, time, time)
  }
}

function views(test: TestCatalog): Promise<Record<string, unknown>[][]> {
  return Promise.all(VIEWS.map((sql) => test.query(sql)))
}

async function rawFiles(test: TestCatalog): Promise<unknown[]> {
  return Promise.all(DATASET_NAMES.map((dataset) => filesAsOf(test.catalog, `raw.${dataset}`)))
}

beforeEach(async () => {
  sessionDir = mkdtempSync(join(tmpdir(), 'cockpit-rebuild-'))
  session = await openDuckDbSession({ plantTz: 'UTC', tempDir: sessionDir })
})
afterEach(async () => {
  session.close()
  rmSync(sessionDir, { recursive: true, force: true })
  for (const setup of opened.splice(0)) await setup.test.close()
})

// Each test ingests the dirty dumps (once or twice) and rebuilds: on a busy two-core machine, more than the default 5 s.
describe('rebuild from raw', { timeout: 30_000 }, () => {
  it('restores a lost clean table from raw alone, without reading the source or changing raw', async () => {
    const { test, landing } = await ingested()
    const before = await views(test)
    const raw = await rawFiles(test)
    await commit(test.catalog, { operation: 'replace', add: [], remove: [{ table: 'mes.orders' }] })
    expect(await test.query('SELECT count(*) AS n FROM mes.orders')).toEqual([{ n: '0' }])
    rmSync(landing, { recursive: true })

    const result = await rebuildTable({ catalog: test.catalog, table: 'mes.orders', connection: session.connection, plantTz: 'UTC' })

    expect(result).toMatchObject({ kind: 'dataset', dataset: 'orders', objects: 1, rowsAccepted: 2, rowsQuarantined: 3, rejectsKept: 1, kpiDays: ['2026-11-24'] })
    expect(await views(test)).toEqual(before)
    expect(await rawFiles(test)).toEqual(raw)
    if (result.kind !== 'dataset') throw new Error('expected a dataset rebuild')
    const snapshot = await test.catalog.db.selectFrom('catalog_snapshots').selectAll().where('id', '=', result.snapshotId).executeTakeFirstOrThrow()
    expect(snapshot.operation).toBe('rebuild')
    expect(JSON.parse(snapshot.tables)).toEqual(['mes.orders', 'quarantine.mes_rows'])
  })

  it('applies a changed mapping exactly as a fresh ingestion with that mapping would', async () => {
    const { test, landing } = await ingested()
    const raw = await rawFiles(test)
    rmSync(landing, { recursive: true })
    for (const dataset of DATASET_NAMES) {
      await rebuildDataset({ catalog: test.catalog, dataset, connection: session.connection, plantTz: 'UTC', mapping: CHANGED })
    }
    const fresh = await ingested(CHANGED)

    const rebuilt = await views(test)
    expect(rebuilt).toEqual(await views(fresh.test))
    expect(await rawFiles(test)).toEqual(raw)
    // The change shows: the customer is the product, and the negative scrap count is gone from quarantine.
    expect(await test.query(`SELECT order_id, product_id FROM mes.orders ORDER BY ALL`)).toEqual([
      { order_id: 'O1', product_id: 'ACME' },
      { order_id: 'O2', product_id: 'ACME' },
    ])
    expect(await test.query(`SELECT count(*) AS n FROM mes.production_counts`)).toEqual([{ n: '3' }])
  })

  it('keeps unreadable lines in quarantine and replaces rule-broken rows, however often it runs', async () => {
    const { test } = await ingested()
    const before = await views(test)
    const runId = await startRun(test.catalog.db, 'mes-rebuild', 'cli', new Date())
    for (let run = 0; run < 2; run++) {
      const result = await rebuildDataset({ catalog: test.catalog, dataset: 'machine_states', connection: session.connection, plantTz: 'UTC', runId })
      expect(result).toMatchObject({ rowsAccepted: 3, rowsQuarantined: 1, rejectsKept: 1 })
    }
    expect(await views(test)).toEqual(before)
    const reasons = await test.query(`SELECT reason, run FROM quarantine.mes_rows WHERE dataset = 'machine_states' ORDER BY reason`)
    expect(reasons).toEqual([
      { reason: 'malformed JSON line', run: '1' },
      { reason: 'state: not one of RUNNING|IDLE|DOWN|PLANNED_STOP (BROKEN)', run: String(runId) },
    ])
  })

  it('migrates quarantine files from before they were partitioned by dataset, losing and doubling nothing', async () => {
    const { test } = await ingested()
    const before = await views(test)
    // Rewrite the quarantine as one unpartitioned file holding every dataset's rows.
    const files = await filesAsOf(test.catalog, 'quarantine.mes_rows')
    const paths = await Promise.all(files.map((file) => test.catalog.storage.localPath(file.path)))
    const legacy = join(test.dir, 'legacy.parquet')
    await session.connection.run(`COPY (SELECT * FROM read_parquet([${paths.map((p) => `'${p}'`).join(', ')}])) TO '${legacy}' (FORMAT parquet)`)
    await commit(test.catalog, { operation: 'replace', add: [{ table: 'quarantine.mes_rows', localFile: legacy, rowCount: 9 }], remove: [{ table: 'quarantine.mes_rows' }] })

    await rebuildDataset({ catalog: test.catalog, dataset: 'orders', connection: session.connection, plantTz: 'UTC' })

    expect(await views(test)).toEqual(before)
    const partitions = (await filesAsOf(test.catalog, 'quarantine.mes_rows')).map((file) => file.partition).sort()
    expect(partitions).toEqual(['machine_states', 'orders', 'orders', 'production_counts', 'quality_inspections'])
  })

  it('cleans a compacted raw file object by object', async () => {
    const { test, landing } = await ingested()
    const corrected = join(landing, 'production_counts', '2026-11-24-corrected.csv')
    writeFileSync(
      corrected,
      'machine_id,period_start,period_end,good_count,scrap_count,order_id\n' +
        'M01,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,90,15,O1\n' +
        'M01,2026-11-24T12:00:00Z,2026-11-24T13:00:00Z,many,1,O1\n',
    )
    const later = new Date('2026-11-25T07:00:00Z')
    utimesSync(corrected, later, later)
    await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: 'landing', plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
    await compactTable(test.catalog, { table: 'raw.production_counts', connection: session.connection })
    expect(await filesAsOf(test.catalog, 'raw.production_counts')).toHaveLength(1)
    // A compacted raw file has the union of its objects' columns, so a quarantined row's JSON
    // may list more (null) columns than its file had; everything else is the same.
    const shown = [...VIEWS.slice(0, 4), 'SELECT * EXCLUDE (raw, run, quarantined_at) FROM quarantine.mes_rows ORDER BY ALL', ...VIEWS.slice(5)]
    const before = await Promise.all(shown.map((sql) => test.query(sql)))

    const result = await rebuildDataset({ catalog: test.catalog, dataset: 'production_counts', connection: session.connection, plantTz: 'UTC' })

    expect(result).toMatchObject({ objects: 2, rowsAccepted: 3, rowsQuarantined: 3 })
    expect(await Promise.all(shown.map((sql) => test.query(sql)))).toEqual(before)
  })

  it('rebuilds the KPI tables for every day of MES data', async () => {
    const { test } = await ingested()
    const before = await views(test)
    await commit(test.catalog, { operation: 'replace', add: [], remove: [{ table: 'kpi.machine_daily' }, { table: 'kpi.machine_hourly' }] })
    const snapshot = await latestSnapshotId(test.catalog)

    expect(await rebuildTable({ catalog: test.catalog, table: 'kpi.machine_daily', connection: session.connection, plantTz: 'UTC' })).toEqual({
      kind: 'kpi',
      kpiDays: ['2026-11-24'],
    })
    expect(await latestSnapshotId(test.catalog)).toBe(snapshot + 1)
    expect(await views(test)).toEqual(before)
  })

  it('refuses what it cannot rebuild, naming why', async () => {
    const { test } = await ingested()
    const base = { catalog: test.catalog, connection: session.connection, plantTz: 'UTC' }
    await expect(rebuildTable({ ...base, table: 'raw.orders' })).rejects.toThrow(/cannot rebuild raw\.orders: only derived tables/)
    await expect(rebuildTable({ ...base, plantTz: 'Europe/Berlin', table: 'mes.orders' })).rejects.toThrow(
      "rebuild needs a DuckDB session in the plant's time zone Europe/Berlin",
    )
    const broken: Mapping = { datasets: { orders: { columns: { order_id: 'Auftrag' } } } }
    await expect(rebuildDataset({ ...base, dataset: 'orders', mapping: broken })).rejects.toThrow(
      'cannot rebuild mes.orders: with the current mapping, the raw rows of orders/2026-11-24.csv lack required column(s) order_id',
    )
  })
})
