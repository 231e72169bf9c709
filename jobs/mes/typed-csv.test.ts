import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalStorage } from '../../catalog/index.ts'
import { openReadsSideBySide, type BothReads, type ReadsSideBySide } from '../../test/fixtures/reads-side-by-side.ts'
import { createTestCatalog } from '../../test/fixtures/test-catalog.ts'
import { silentLogger } from '../job-logger.ts'
import type { DatasetName } from './datasets.ts'
import { ingestMes } from './ingest-mes.ts'
import { writeTypedCsv } from './typed-csv.ts'
import type { TypedReadResult } from './typed-read.ts'

const PLANT_TZ = 'Europe/Berlin'
let reads: ReadsSideBySide
beforeAll(async () => {
  reads = await openReadsSideBySide(PLANT_TZ)
})
afterAll(() => reads?.close())

/** Writes `csv`, then cleans it the typed way and the text way. */
async function bothWays(dataset: DatasetName, csv: string): Promise<BothReads> {
  const path = reads.nextPath('csv')
  writeFileSync(path, csv)
  return reads.compare(dataset, path, writeTypedCsv)
}

const ORDERS = 'order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end'

/**
 * Line 2 breaks a rule, line 3004 cannot be read: the typed read stops at line 2 (the reader has
 * not reached line 3004 yet), and the text read must still find line 3004.
 */
const RULE_BROKEN_THEN_UNREADABLE = [
  ORDERS,
  'O1,P1,M1,12.5,1,2026-11-24 08:00,2026-11-24 09:00',
  'O2,P1,M1,12,1,2026-11-24 08:00 ,2026-11-24 09:00',
  ...Array.from({ length: 3000 }, (_, i) => `G${i},P1,M1,1,1,2026-11-24 10:00,2026-11-24 11:00`),
  'O3,P1,M1,1,1,2026-11-24 08:00,2026-11-24 09:00,extra',
  'O4,P1,M1,3,1,2026-11-24 10:00,2026-11-24 11:00',
].join('\n')

describe('the typed CSV read', () => {
  it('writes exactly the rows the text read writes: plant-local and offset times, number spellings, spaces, quotes, dialects', async () => {
    const nbsp = '\u00a0'
    const orders = [
      ORDERS,
      'O1,P1,M1,100,2.5,2026-11-24 08:00,2026-11-24 16:00',
      `" O2 ",P2${nbsp},M1,1e3,.5,2026-11-24T08:00:00+00:00, 2026-12-01 16:00:00`,
      'O3,"P,3",,+7,0.25,2026-03-29 01:30:00,2026-03-29 03:30:00',
      'O4,,M2,,,2026-10-25 02:30:00 UTC,2026-10-25 03:30:00 Europe/London',
      'O5,P5,M3,"12",3,2026-11-24,2026-11-25',
    ].join('\r\n')
    const result = await bothWays('orders', `${orders}\r\n`)
    expect(result.typed).toHaveLength(5)
    expect(result.typed).toEqual(result.text)
    const semicolons = await bothWays('production_counts', 'machine_id;period_start;period_end;good_count;scrap_count;order_id\nM1;2026-11-24 08:00;2026-11-24 09:00;10;0;O1\nM2;2026-11-24 08:00;2026-11-24 09:00;1_000;2;\n')
    expect(semicolons.typed).toHaveLength(2)
    expect(semicolons.typed).toEqual(semicolons.text)
  })

  it('refuses a file the text read must judge row by row, never reading a value differently', async () => {
    // A row that read but broke a rule says so: the text read need not try a clean-only write
    // (whatever the typed read refuses, the split of the text read judges row by row).
    const refused: Record<string, [string, TypedReadResult['outcome']]> = {
      'a fractional integer (a BIGINT read would round it)': [`${ORDERS}\nO1,P1,M1,12.5,1,2026-11-24 08:00,2026-11-24 09:00\n`, 'rule-broken'],
      // The reader reads a required timestamp it cannot read as NULL, which the rule refuses.
      'a timestamp the cast cannot read': [`${ORDERS}\nO1,P1,M1,1,1,24/11/2026 08:00,2026-11-24 09:00\n`, 'rule-broken'],
      'a timestamp with a trailing space': [`${ORDERS}\nO1,P1,M1,1,1,2026-11-24 08:00 ,2026-11-24 09:00\n`, 'rule-broken'],
      'a number that is not one': [`${ORDERS}\nO1,P1,M1,1,fast,2026-11-24 08:00,2026-11-24 09:00\n`, 'refused'],
      'a line with too many fields': [`${ORDERS}\nO1,P1,M1,1,1,2026-11-24 08:00,2026-11-24 09:00,extra\n`, 'refused'],
      'a row that breaks a rule': [`${ORDERS}\nO1,P1,M1,-1,1,2026-11-24 08:00,2026-11-24 09:00\n`, 'rule-broken'],
      'a row that breaks a rule before an unreadable line': [RULE_BROKEN_THEN_UNREADABLE, 'rule-broken'],
    }
    for (const [what, [csv, outcome]] of Object.entries(refused)) {
      const result = await bothWays('orders', csv)
      expect([what, result.typed, result.outcome]).toEqual([what, undefined, outcome])
    }
  })

  it('leaves ingestion to quarantine what it refused, naming line and rule, and keeps the good rows', async () => {
    const test = await createTestCatalog({ plantTz: PLANT_TZ })
    try {
      const landing = join(test.dir, 'landing')
      mkdirSync(join(landing, 'orders'), { recursive: true })
      writeFileSync(join(landing, 'orders', 'a.csv'), RULE_BROKEN_THEN_UNREADABLE)
      await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: PLANT_TZ, tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
      const quarantined = await test.query('SELECT line, reason FROM quarantine.mes_rows ORDER BY line')
      expect(quarantined).toEqual([
        { line: '2', reason: 'planned_qty: not an integer (12.5)' },
        { line: '3004', reason: expect.stringMatching(/^malformed CSV line: /) },
      ])
      expect(await test.query(`SELECT count(*) AS n FROM mes.orders`)).toEqual([{ n: '3002' }])
      expect(await test.query(`SELECT order_id, planned_qty, strftime(planned_start AT TIME ZONE 'UTC', '%H:%M') AS start_utc FROM mes.orders WHERE order_id IN ('O2', 'O4') ORDER BY order_id`)).toEqual([
        { order_id: 'O2', planned_qty: '12', start_utc: '07:00' },
        { order_id: 'O4', planned_qty: '3', start_utc: '09:00' },
      ])
    } finally {
      await test.close()
    }
  })
})
