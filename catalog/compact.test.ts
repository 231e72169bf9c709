import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestCatalog, type TestCatalog } from '../test/fixtures/test-catalog.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { writeDirtyDumps } from '../test/fixtures/dirty-dumps.ts'
import { ingestMes, openDuckDbSession, silentLogger, type DuckDbSession, type MesIngestOptions } from '../jobs/index.ts'
import { commit, compactTable, createLocalStorage, filesAsOf, latestSnapshotId, vacuum } from './index.ts'

const TABLES = ['mes.production_counts', 'raw.orders', 'quarantine.mes_rows'] as const

describe.each(appDatabases)('catalog metadata on $name', (database) => {
  let test: TestCatalog
  let session: DuckDbSession
  let landing: string
  let options: MesIngestOptions

  beforeEach(async () => {
    test = await createTestCatalog({ database })
    session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
    landing = join(test.dir, 'landing')
    await writeDirtyDumps(landing)
    options = { catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger }
    await ingestMes(options)
    // Corrected re-exports, each a run of its own: many small files in every table under test.
    for (let version = 1; version <= 3; version++) await reexport(version)
  })
  afterEach(async () => {
    session.close()
    await test.close()
  })

  /** A later re-export of orders and counts: one corrected row and one bad row each. */
  async function reexport(version: number): Promise<void> {
    const orders = join(landing, 'orders', `2026-11-24-v${version}.csv`)
    writeFileSync(
      orders,
      'order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end\n' +
        `O1,P-100,M01,${120 + version},30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n` +
        `O9,P-900,M02,-${version},30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n`,
    )
    const counts = join(landing, 'production_counts', `2026-11-24-v${version}.csv`)
    writeFileSync(
      counts,
      'machine_id,order_id,product_id,period_start,period_end,good_count,scrap_count\n' +
        `M01,O1,P-100,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,${90 + version},15\n` +
        `M01,O1,P-100,2026-11-24T12:00:00Z,2026-11-24T13:00:00Z,x${version},1\n`,
    )
    const modified = new Date(Date.now() + version * 60_000)
    for (const file of [orders, counts]) utimesSync(file, modified, modified)
    await ingestMes(options)
  }

  function rowsOf(table: string, asOf?: number): Promise<Record<string, unknown>[]> {
    return test.query(`SELECT * FROM ${table} ORDER BY ALL`, { asOf })
  }

  describe('compactTable', () => {
    it.each(TABLES)('merges the files of %s without changing its query results or its history', async (table) => {
      const before = await rowsOf(table)
      const filesBefore = await filesAsOf(test.catalog, table)
      const snapshot = await latestSnapshotId(test.catalog)

      const result = await compactTable(test.catalog, { table, connection: session.connection })

      const filesAfter = await filesAsOf(test.catalog, table)
      expect(result).toEqual({ before: filesBefore.length, after: filesAfter.length, snapshotId: snapshot + 1 })
      expect(filesAfter.length).toBeLessThan(filesBefore.length)
      // One file per partition: quarantine rows are partitioned by dataset, the others not at all.
      expect(filesAfter.map((file) => file.partition).sort()).toEqual([...new Set(filesBefore.map((file) => file.partition))].sort())
      expect(await rowsOf(table)).toEqual(before)
      expect(await rowsOf(table, snapshot)).toEqual(before)
    })

    it('drops superseded versions of a keyed table but keeps the hidden order columns of the rest', async () => {
      const stored = (files: { rowCount: number }[]): number => files.reduce((sum, file) => sum + file.rowCount, 0)
      const before = stored(await filesAsOf(test.catalog, 'mes.production_counts'))
      await compactTable(test.catalog, { table: 'mes.production_counts', connection: session.connection })
      const [file] = await filesAsOf(test.catalog, 'mes.production_counts')
      expect(file!.rowCount).toBe(2)
      expect(before).toBe(5)
      const path = await test.catalog.storage.localPath(file!.path)
      const columns = (await session.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJson().map((row) => row.column_name)
      expect(columns).toEqual(expect.arrayContaining(['_source', '_source_modified', '_row']))

      // A re-export after the compaction still supersedes the compacted version.
      await reexport(4)
      const latest = await test.query(`SELECT good_count FROM mes.production_counts WHERE period_start = TIMESTAMPTZ '2026-11-24 08:00:00+00'`)
      expect(latest).toEqual([{ good_count: '94' }])
    })

    it('keeps every row and column of an unkeyed table, reading files of different columns by name', async () => {
      // The first orders file has a `customer` column the re-exports lack.
      const before = await test.query(`SELECT customer, count(*) AS n FROM raw.orders GROUP BY ALL ORDER BY ALL`)
      await compactTable(test.catalog, { table: 'raw.orders', connection: session.connection })
      expect(await test.query(`SELECT customer, count(*) AS n FROM raw.orders GROUP BY ALL ORDER BY ALL`)).toEqual(before)
      expect(before).toEqual([
        { customer: 'ACME', n: '2' },
        { customer: 'X', n: '3' },
        { customer: null, n: '6' },
      ])
    })

    it('splits a partition into files of at most targetRows rows', async () => {
      const before = await rowsOf('raw.orders')
      const result = await compactTable(test.catalog, { table: 'raw.orders', connection: session.connection, targetRows: 3 })
      const files = await filesAsOf(test.catalog, 'raw.orders')
      expect(result.after).toBe(4)
      expect(files.map((file) => file.rowCount).sort()).toEqual([2, 3, 3, 3])
      expect(await rowsOf('raw.orders')).toEqual(before)
    })

    it('commits nothing when every partition has at most one file', async () => {
      await compactTable(test.catalog, { table: 'raw.orders', connection: session.connection })
      const snapshot = await latestSnapshotId(test.catalog)
      expect(await compactTable(test.catalog, { table: 'raw.orders', connection: session.connection })).toEqual({ before: 1, after: 1 })
      expect(await latestSnapshotId(test.catalog)).toBe(snapshot)
    })

    it('records one compact commit with the table itself as lineage', async () => {
      const snapshot = await latestSnapshotId(test.catalog)
      const { snapshotId } = await compactTable(test.catalog, { table: 'raw.orders', connection: session.connection })
      const commitRow = await test.catalog.db.selectFrom('catalog_snapshots').selectAll().where('id', '=', snapshotId!).executeTakeFirstOrThrow()
      expect(commitRow.operation).toBe('compact')
      expect(JSON.parse(commitRow.tables)).toEqual(['raw.orders'])
      const lineage = await test.catalog.db.selectFrom('catalog_lineage').select(['table_name', 'source_kind', 'source', 'source_version']).where('snapshot_id', '=', snapshotId!).execute()
      expect(lineage).toEqual([{ table_name: 'raw.orders', source_kind: 'table', source: 'raw.orders', source_version: `snapshot ${snapshot}` }])
    })

    it('leaves vacuum only unregistered files: time travel before the compaction still reads', async () => {
      const snapshot = await latestSnapshotId(test.catalog)
      const before = await Promise.all(TABLES.map((table) => rowsOf(table)))
      for (const table of TABLES) await compactTable(test.catalog, { table, connection: session.connection })
      const orphan = join(test.dir, 'orphan.parquet')
      writeFileSync(orphan, 'not registered')
      await test.catalog.storage.put('raw/orders/orphan.parquet', orphan)

      const cleaned = await vacuum(test.catalog, { minAgeMs: 0 })
      expect(cleaned.deleted).toEqual(['raw/orders/orphan.parquet'])
      expect(await Promise.all(TABLES.map((table) => rowsOf(table, snapshot)))).toEqual(before)
      expect(await Promise.all(TABLES.map((table) => rowsOf(table)))).toEqual(before)
    })

    it('fails a commit whose files to remove are no longer current, and changes nothing', async () => {
      const [file] = await filesAsOf(test.catalog, 'raw.orders')
      await commit(test.catalog, { operation: 'replace', add: [], remove: [{ table: 'raw.orders', fileIds: [file!.id] }] })
      const snapshot = await latestSnapshotId(test.catalog)
      await expect(commit(test.catalog, { operation: 'compact', add: [], remove: [{ table: 'raw.orders', fileIds: [file!.id] }] })).rejects.toThrow(
        /commit conflict on raw\.orders: 1 file\(s\) to remove are not current/,
      )
      expect(await latestSnapshotId(test.catalog)).toBe(snapshot)
    })

    it('names the table when it is not in the catalog', async () => {
      await expect(compactTable(test.catalog, { table: 'mes.nope', connection: session.connection })).rejects.toThrow('cannot compact mes.nope: no such table in the catalog')
    })
  })
})
