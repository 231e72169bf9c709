import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalStorage, filesAsOf } from '../../catalog/index.ts'
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
})
