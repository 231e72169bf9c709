import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { createLocalStorage, filesAsOf, vacuum } from '../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { silentLogger } from '../job-logger.ts'
import { ingestMes } from './ingest-mes.ts'

let test: TestCatalog
let landing: string

const HEADER = 'machine_id,order_id,product_id,period_start,period_end,good_count,scrap_count'

beforeEach(async () => {
  test = await createTestCatalog()
  landing = join(test.dir, 'landing')
  mkdirSync(join(landing, 'production_counts'), { recursive: true })
})
afterEach(() => test.close())

function ingest() {
  return ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
}

describe('the raw layer keeps each source object as it was read', () => {
  it('stores the object’s own bytes and shows them as text rows numbered in file order, with their lineage', async () => {
    const csv = `${HEADER}\nM01,O1,P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,100,5\nM02,O2,P2,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,007,0\n`
    writeFileSync(join(landing, 'production_counts', 'a.CSV'), csv)
    const summary = await ingest()

    const [file] = await filesAsOf(test.catalog, 'raw.production_counts')
    expect(file).toMatchObject({ rowCount: 2, path: expect.stringMatching(/\.csv$/) })
    expect(readFileSync(await test.catalog.storage.localPath(file!.path), 'utf8')).toBe(csv)
    expect(await test.query('SELECT machine_id, good_count, _row, _source, _run FROM raw.production_counts ORDER BY _row')).toEqual([
      { machine_id: 'M01', good_count: '100', _row: '1', _source: 'production_counts/a.CSV', _run: String(summary.runId) },
      { machine_id: 'M02', good_count: '007', _row: '2', _source: 'production_counts/a.CSV', _run: String(summary.runId) },
    ])
  })

  it('lets the later row of a key repeated within one file win, as between files', async () => {
    writeFileSync(
      join(landing, 'production_counts', 'a.csv'),
      `${HEADER}\nM01,O1,P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,100,5\nM01,O1,P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,90,15\nM01,O1,P1,2026-11-24T09:00:00Z,2026-11-24T10:00:00Z,80,0\n`,
    )
    await ingest()
    expect(await test.query('SELECT good_count, scrap_count FROM mes.production_counts ORDER BY period_start')).toEqual([
      { good_count: '90', scrap_count: '15' },
      { good_count: '80', scrap_count: '0' },
    ])
  })

  it('numbers the rows of an NDJSON file by line, blank and malformed lines included, also when only a line is bad', async () => {
    const line = (start: string, good: number): string =>
      JSON.stringify({ machine_id: 'M01', period_start: `2026-11-24T${start}:00Z`, period_end: `2026-11-24T${start}:30Z`, good_count: good, scrap_count: 0 })
    writeFileSync(join(landing, 'production_counts', 'a.ndjson'), [line('08:00', 1), '', '{"machine_id": ', line('09:00', 2)].join('\n') + '\n')
    await ingest()
    expect(await test.query('SELECT good_count, _row FROM raw.production_counts ORDER BY _row')).toEqual([
      { good_count: '1', _row: '1' },
      { good_count: '2', _row: '4' },
    ])
    expect(await test.query('SELECT line, row_number, reason FROM quarantine.mes_rows')).toEqual([{ line: '3', row_number: null, reason: 'malformed JSON line' }])
    expect(await test.query('SELECT count(*) AS n FROM mes.production_counts')).toEqual([{ n: '2' }])
  })

  it('quarantines a damaged or cut-off gzip file as a whole, leaving no raw bytes behind, and ingests the rest', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `M${i % 50},O${i},P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,${i % 400},${i % 7}`)
    const gz = gzipSync(`${HEADER}\n${rows.join('\n')}\n`)
    // DuckDB's reader, told to set bad lines aside, reads garbage past the damage and stops quietly at the cut.
    writeFileSync(join(landing, 'production_counts', 'cut.csv.gz'), gz.subarray(0, Math.floor(gz.length * 0.7)))
    gz.fill(0xff, Math.floor(gz.length * 0.9), Math.floor(gz.length * 0.9) + 64)
    writeFileSync(join(landing, 'production_counts', 'damaged.csv.gz'), gz)
    writeFileSync(join(landing, 'production_counts', 'good.csv'), `${HEADER}\nM01,O1,P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,100,5\n`)
    const summary = await ingest()

    expect(summary.objects).toMatchObject({ ingested: 1, quarantined: 2 })
    expect(await test.query('SELECT source, reason FROM quarantine.mes_files ORDER BY source')).toEqual([
      { source: 'production_counts/cut.csv.gz', reason: 'damaged gzip file: unexpected end of file' },
      { source: 'production_counts/damaged.csv.gz', reason: expect.stringMatching(/^damaged gzip file: /) },
    ])
    expect(await test.query('SELECT count(*) AS n FROM quarantine.mes_rows')).toEqual([{ n: '0' }])
    expect(await filesAsOf(test.catalog, 'raw.production_counts')).toHaveLength(1)
    expect((await vacuum(test.catalog, { minAgeMs: -60_000 })).deleted).toEqual([])
  })

  it('numbers rows after thousands of unreadable lines by their physical line', { timeout: 60_000 }, async () => {
    const good = (i: number): string => `M${i},O${i},P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,${i},0`
    // Every third line has a field too many; the last row breaks a rule.
    const lines = Array.from({ length: 9_000 }, (_, i) => (i % 3 === 2 ? `${good(i)},extra` : good(i)))
    lines.push('M01,O-last,P1,2026-11-24T08:00:00Z,2026-11-24T09:00:00Z,-1,0')
    writeFileSync(join(landing, 'production_counts', 'a.csv'), `${HEADER}\n${lines.join('\n')}\n`)
    await ingest()
    expect(await test.query(`SELECT line, reason FROM quarantine.mes_rows WHERE reason NOT LIKE 'malformed CSV line%'`)).toEqual([{ line: '9002', reason: 'good_count: negative (-1)' }])
    expect(await test.query(`SELECT count(*) AS n, min(line) AS first FROM quarantine.mes_rows WHERE reason LIKE 'malformed CSV line%'`)).toEqual([{ n: '3000', first: '4' }])
    expect(await test.query('SELECT count(*) AS n FROM mes.production_counts')).toEqual([{ n: '6000' }])
  })
})
