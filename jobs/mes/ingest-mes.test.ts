import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { compactTable, createLocalStorage, filesAsOf, latestSnapshotId, tableHistory, vacuum } from '../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { writeDirtyDumps } from '../../test/fixtures/dirty-dumps.ts'
import { openDuckDbSession } from '../duckdb-session.ts'
import { silentLogger } from '../job-logger.ts'
import { acquireLease, runWithLease } from '../job-leases.ts'
import { LeaseLostError } from '../lease-guard.ts'
import { ingestMes, MES_JOB, type MesIngestOptions } from './ingest-mes.ts'
import { appDatabases } from '../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  let test: TestCatalog
  let landing: string
  let options: MesIngestOptions

  beforeEach(async () => {
    test = await createTestCatalog({ database })
    landing = join(test.dir, 'landing')
    await writeDirtyDumps(landing)
    options = {
      catalog: test.catalog,
      source: createLocalStorage(landing),
      sourceName: landing,
      plantTz: 'UTC',
      tempDir: join(test.dir, 'tmp'),
      trigger: 'cli',
      logger: silentLogger,
    }
  })
  afterEach(() => test.close())

  describe('MES ingestion of dirty dumps', () => {
    it('ingests good rows, quarantines every bad row and file with a reason naming the field, and counts them', async () => {
      const summary = await ingestMes(options)
      expect(summary.objects).toEqual({ listed: 6, ingested: 4, skipped: 0, quarantined: 2 })
      expect(summary.byDataset.orders).toEqual({ objects: 1, filesQuarantined: 0, rowsAccepted: 2, rowsQuarantined: 4 })
      expect(summary.byDataset.machine_states).toEqual({ objects: 1, filesQuarantined: 0, rowsAccepted: 3, rowsQuarantined: 2 })
      expect(summary.byDataset.production_counts).toEqual({ objects: 2, filesQuarantined: 1, rowsAccepted: 2, rowsQuarantined: 2 })
      expect(summary.byDataset.quality_inspections).toEqual({ objects: 1, filesQuarantined: 0, rowsAccepted: 3, rowsQuarantined: 1 })

      const rows = await test.query(`SELECT source, line, reason FROM quarantine.mes_rows ORDER BY source, line`)
      expect(rows).toEqual([
        { source: 'machine_states/2026-11-24.ndjson', line: '3', reason: 'state: not one of RUNNING|IDLE|DOWN|PLANNED_STOP (BROKEN)' },
        { source: 'machine_states/2026-11-24.ndjson', line: '4', reason: 'malformed JSON line' },
        { source: 'orders/2026-11-24.csv', line: '4', reason: 'order_id: missing' },
        { source: 'orders/2026-11-24.csv', line: '5', reason: 'planned_qty: not an integer (12.5)' },
        { source: 'orders/2026-11-24.csv', line: '6', reason: 'malformed CSV line: Expected Number of Columns: 8 Found: 9' },
        { source: 'orders/2026-11-24.csv', line: '7', reason: 'planned_end: before planned_start (2026-11-24T09:00:00Z < 2026-11-24T10:00:00Z)' },
        { source: 'production_counts/2026-11-24.json', line: '3', reason: 'scrap_count: negative (-1)' },
        { source: 'production_counts/2026-11-24.json', line: '4', reason: 'period_start: not a timestamp (yesterday)' },
        { source: 'quality_inspections/2026-11-24.parquet', line: null, reason: 'result: not one of PASS|FAIL (MAYBE)' },
      ])
      const files = await test.query(`SELECT source, reason FROM quarantine.mes_files ORDER BY source`)
      expect(files).toEqual([
        { source: 'misc/notes.txt', reason: expect.stringMatching(/^unknown format/) },
        { source: 'production_counts/corrupt.parquet', reason: expect.stringMatching(/^cannot read as parquet: /) },
      ])
    })

    it('commits nothing more once its lease is known lost — not even the object in hand — and a later run ingests them all', async () => {
      const lost = new AbortController()
      const lease = { signal: lost.signal, confirm: async () => lost.signal.throwIfAborted() }
      const onProgress = (progress: { done: number }) => {
        if (progress.done === 0) lost.abort(new LeaseLostError('mes-ingest', 'host-b pid 2'))
      }
      await expect(ingestMes({ ...options, lease, onProgress })).rejects.toThrow('lease for mes-ingest lost to host-b pid 2')
      expect(await test.catalog.db.selectFrom('ingested_objects').select('object_key').execute()).toEqual([])
      const rest = await ingestMes(options)
      expect(rest.objects.ingested + rest.objects.quarantined).toBe(6)
    })

    it('commits nothing once another instance took its lease over mid-run, and the run ends failed naming it', async () => {
      let now = Date.parse('2026-12-01T06:00:00Z')
      const db = test.catalog.db
      let commits = 0
      // The second object's files are written when the holder stalls past its TTL and another instance takes the job.
      const effects = {
        afterFilesWritten: async () => {
          if (++commits !== 2) return
          now += 60_000
          await acquireLease(db, { job: MES_JOB, holder: 'host-b pid 2', ttlMs: 30_000, now })
        },
      }
      const outcome = runWithLease(db, { job: MES_JOB, holder: 'host-a pid 1', clock: () => now }, (_held, lease) => ingestMes({ ...options, lease, effects }))
      await expect(outcome).rejects.toThrow('lease for mes-ingest lost to host-b pid 2')
      expect(await db.selectFrom('ingested_objects').select('object_key').execute()).toHaveLength(1)
      const [run] = await db.selectFrom('job_runs').selectAll().where('job', '=', MES_JOB).execute()
      expect(run).toMatchObject({ status: 'failed', error: 'lease for mes-ingest lost to host-b pid 2' })
      const rest = await ingestMes(options)
      expect(rest.objects.ingested + rest.objects.quarantined).toBe(5)
    })

    it('rebuilds the KPIs of the days it touched, matching hand-computed values', async () => {
      const summary = await ingestMes(options)
      expect(summary.kpiDays).toEqual(['2026-11-24'])
      const [daily] = await test.query(`SELECT * EXCLUDE (period_start, period_end, day) FROM kpi.machine_daily WHERE machine_id = 'M01'`)
      // RUNNING 08:00–10:00, IDLE 10:00–10:30, DOWN 10:30–11:00; counts 100+5 and 110+10 of order O1
      // (30 s ideal cycle); inspections I1 PASS, I2 FAIL, I3 PASS with rework (I4 was quarantined).
      expect(daily).toMatchObject({ planned_time_s: 10800, run_time_s: 7200, total_count: '225', good_count: '210', scrap_count: '15', inspections: '3' })
      expect(daily!.availability).toBeCloseTo(7200 / 10800, 10)
      expect(daily!.performance).toBeCloseTo((30 * 225) / 7200, 10)
      expect(daily!.quality).toBeCloseTo(210 / 225, 10)
      expect(daily!.oee).toBeCloseTo((7200 / 10800) * ((30 * 225) / 7200) * (210 / 225), 10)
      expect(daily!.utilization).toBeCloseTo(7200 / 86400, 10)
      expect(daily!.production_rate_per_h).toBeCloseTo(225 / 2, 10)
      expect(daily!.scrap_rate).toBeCloseTo(15 / 225, 10)
      expect(daily!.fpy).toBeCloseTo(1 / 3, 10)
      const hours = await test.query(`SELECT strftime(period_start AT TIME ZONE 'UTC', '%H') AS h, run_time_s, total_count FROM kpi.machine_hourly WHERE machine_id = 'M01' ORDER BY h`)
      expect(hours).toEqual([
        { h: '08', run_time_s: 3600, total_count: '105' },
        { h: '09', run_time_s: 3600, total_count: '120' },
        { h: '10', run_time_s: 0, total_count: '0' },
      ])
    })

    it('stores typed clean rows in UTC, naive times read as plant-local time, and keeps extra columns in raw only', async () => {
      await ingestMes({ ...options, plantTz: 'Europe/Berlin' })
      const orders = await test.query(`SELECT order_id, planned_qty, strftime(planned_start AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS start FROM mes.orders ORDER BY order_id`)
      expect(orders).toEqual([
        { order_id: 'O1', planned_qty: '120', start: '2026-11-24T08:00:00Z' },
        { order_id: 'O2', planned_qty: '50', start: '2026-11-24T08:00:00Z' },
      ])
      const states = await test.query(`SELECT state FROM mes.machine_states ORDER BY start_time`)
      expect(states.map((row) => row.state)).toEqual(['RUNNING', 'IDLE', 'DOWN'])
      const raw = await test.query(`SELECT customer, _row FROM raw.orders ORDER BY _row`)
      expect(raw).toHaveLength(5)
      expect(raw[0]).toEqual({ customer: 'ACME', _row: '1' })
      const drift = await test.catalog.db.selectFrom('catalog_quality').select(['table_name', 'detail']).where('check_name', '=', 'schema_drift').where('status', '=', 'warn').orderBy('table_name').execute()
      // First dumps are compared with their contract: orders has a column it does not name.
      expect(drift).toEqual([{ table_name: 'mes.orders', detail: 'mes.orders: orders/2026-11-24.csv has new column `customer`' }])
    })

    it('ingests nothing twice, and a corrected re-export replaces the old rows while time travel keeps them', async () => {
      await ingestMes(options)
      const before = await latestSnapshotId(test.catalog)
      const again = await ingestMes(options)
      expect(again.objects).toEqual({ listed: 6, ingested: 0, skipped: 6, quarantined: 0 })
      expect(await latestSnapshotId(test.catalog)).toBe(before)

      const corrected = join(landing, 'production_counts', '2026-11-24-corrected.csv')
      writeFileSync(corrected, 'machine_id,order_id,product_id,period_start,period_end,good_count,scrap_count\nM01,O1,P-100,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,90,15\n')
      const later = new Date(Date.now() + 60_000)
      utimesSync(corrected, later, later)
      const third = await ingestMes(options)
      expect(third.objects.ingested).toBe(1)

      const now = await test.query(`SELECT good_count, scrap_count FROM mes.production_counts WHERE period_start = TIMESTAMPTZ '2026-11-24 08:00:00+00'`)
      expect(now).toEqual([{ good_count: '90', scrap_count: '15' }])
      expect(await test.query(`SELECT count(*) AS n FROM mes.production_counts`)).toEqual([{ n: '2' }])
      const then = await test.query(`SELECT good_count FROM mes.production_counts WHERE period_start = TIMESTAMPTZ '2026-11-24 08:00:00+00'`, { asOf: before })
      expect(then).toEqual([{ good_count: '100' }])
      const history = await tableHistory(test.catalog, 'mes.production_counts')
      expect(history.length).toBeGreaterThanOrEqual(2)
      expect(history[0]!.id).toBeGreaterThan(before)

      // The all-clean corrected file holds the typed columns only: its catalog entry's reader adds
      // the lineage that makes it the later version, and compaction writes that lineage out.
      const files = await filesAsOf(test.catalog, 'mes.production_counts')
      expect(files.filter((file) => file.reader?.includes('2026-11-24-corrected.csv') === true)).toHaveLength(1)
      const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
      try {
        expect((await compactTable(test.catalog, { table: 'mes.production_counts', connection: session.connection })).after).toBe(1)
      } finally {
        session.close()
      }
      expect((await filesAsOf(test.catalog, 'mes.production_counts')).map((file) => file.reader)).toEqual([null])
      expect(await test.query(`SELECT good_count, scrap_count FROM mes.production_counts WHERE period_start = TIMESTAMPTZ '2026-11-24 08:00:00+00'`)).toEqual(now)
      expect(await test.query(`SELECT count(*) AS n FROM mes.production_counts`)).toEqual([{ n: '2' }])
    })

    it('loses and duplicates nothing when the process dies between writing files and committing', async () => {
      let writes = 0
      const crash = { afterFilesWritten: () => { if (++writes === 3) throw new Error('injected crash') } }
      await expect(ingestMes({ ...options, effects: crash })).rejects.toThrow('injected crash')
      const committed = await test.catalog.db.selectFrom('ingested_objects').selectAll().execute()
      expect(committed).toHaveLength(2)

      const summary = await ingestMes(options)
      expect(summary.objects.skipped).toBe(2)
      expect(summary.objects.ingested + summary.objects.quarantined).toBe(4)
      expect(await test.query(`SELECT count(*) AS n FROM raw.orders`)).toEqual([{ n: '5' }])
      expect(await test.query(`SELECT count(*) AS n FROM mes.orders`)).toEqual([{ n: '2' }])
      expect(await test.query(`SELECT count(*) AS n FROM quarantine.mes_rows`)).toEqual([{ n: '9' }])
      expect(await test.query(`SELECT count(*) AS n FROM quarantine.mes_files`)).toEqual([{ n: '2' }])

      const cleaned = await vacuum(test.catalog, { minAgeMs: 0 })
      expect(cleaned.deleted.length).toBeGreaterThan(0)
      expect(await test.query(`SELECT count(*) AS n FROM mes.production_counts`)).toEqual([{ n: '2' }])
    })
  })

  describe('MES ingestion of encodings and compression', () => {
    it('reads .csv.gz, quarantines a UTF-16 file as wrong encoding and the non-UTF-8 lines of a Latin-1 file', async () => {
      const folder = join(test.dir, 'encodings')
      const csv =
        'order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end\n' +
        'O1,Prüfteil,M01,10,30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n' +
        'O2,P-2,M01,10,30,2026-11-24T08:00:00Z,2026-11-24T16:00:00Z\n'
      mkdirSync(join(folder, 'orders'), { recursive: true })
      writeFileSync(join(folder, 'orders', 'a.csv.gz'), gzipSync(csv.replaceAll('O1', 'G1').replaceAll('O2', 'G2')))
      writeFileSync(join(folder, 'orders', 'b-latin1.csv'), Buffer.from(csv.replaceAll('O', 'L'), 'latin1'))
      writeFileSync(join(folder, 'orders', 'c-utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]))

      const summary = await ingestMes({ ...options, source: createLocalStorage(folder), sourceName: folder })
      expect(summary.objects).toEqual({ listed: 3, ingested: 2, skipped: 0, quarantined: 1 })
      expect(summary.quarantinedFiles).toEqual([{ key: 'orders/c-utf16.csv', reason: 'wrong encoding: the file looks like UTF-16 (it has NUL bytes); expected UTF-8' }])
      expect(await test.query('SELECT order_id, product_id FROM mes.orders ORDER BY order_id')).toEqual([
        { order_id: 'G1', product_id: 'Prüfteil' },
        { order_id: 'G2', product_id: 'P-2' },
        { order_id: 'L2', product_id: 'P-2' },
      ])
      expect(await test.query('SELECT source, row_number, line, reason FROM quarantine.mes_rows')).toEqual([
        { source: 'orders/b-latin1.csv', row_number: null, line: '2', reason: expect.stringMatching(/^malformed CSV line: Invalid unicode/) },
      ])
    })
  })
})
