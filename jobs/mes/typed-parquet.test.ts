import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteLiteral } from '../../catalog/index.ts'
import { openReadsSideBySide, type BothReads, type ReadsSideBySide } from '../../test/fixtures/reads-side-by-side.ts'
import type { DatasetName } from './datasets.ts'
import { writeTypedParquet } from './typed-parquet.ts'

const PLANT_TZ = 'Europe/Berlin'
let reads: ReadsSideBySide
beforeAll(async () => {
  reads = await openReadsSideBySide(PLANT_TZ)
})
afterAll(() => reads?.close())

/** Writes the rows of `select` as a Parquet file, then cleans it the typed way and the text way. */
async function bothWays(dataset: DatasetName, select: string): Promise<BothReads> {
  const path = reads.nextPath('parquet')
  await reads.connection.run(`COPY (${select}) TO ${quoteLiteral(path)} (FORMAT parquet)`)
  return reads.compare(dataset, path, writeTypedParquet)
}

describe('the typed Parquet read', () => {
  it('writes exactly the rows the text read writes: integer and double counts, naive plant-local times across DST, zoned times', async () => {
    // Naive times in Europe/Berlin: a normal hour, the spring-forward gap, the autumn overlap.
    const counts = await bothWays(
      'production_counts',
      `SELECT * FROM (VALUES
         ('M1', 42::INTEGER, 'P1', TIMESTAMP '2026-11-24 08:00:00', TIMESTAMPTZ '2026-11-24 08:15:00+01', 352::BIGINT, 5::INTEGER),
         ('M1', NULL, NULL, TIMESTAMP '2026-03-29 02:30:00', TIMESTAMPTZ '2026-03-29 04:00:00+02', 0::BIGINT, 0::INTEGER),
         ('M2', 7, 'P 2', TIMESTAMP '2026-10-25 02:30:00.123456', TIMESTAMPTZ '2026-10-25 03:30:00+01', 9007199254740991::BIGINT, 2147483647::INTEGER)
       ) t(machine_id, order_id, product_id, period_start, period_end, good_count, scrap_count)`,
    )
    expect(counts.outcome).toBe('clean')
    expect(counts.typed).toHaveLength(3)
    expect(counts.typed).toEqual(counts.text)

    // Doubles that a careless print would change, unsigned and small integers.
    const orders = await bothWays(
      'orders',
      `SELECT * FROM (VALUES
         ('O1', 'P1', 'M1', 100::UBIGINT, 0.30000000000000004::DOUBLE, TIMESTAMP '2026-11-24 08:00:00', '2026-11-24 16:00'),
         ('O2', 'P2', 'M1', 1::UBIGINT, 5e-324::DOUBLE, TIMESTAMP '1999-12-31 23:59:59.999999', '2000-01-01'),
         ('O3', NULL, NULL, 0::UBIGINT, 1.7976931348623157e308::DOUBLE, TIMESTAMP '2026-07-01 12:00:00', '2026-07-02'),
         ('O4', 'P4', 'M2', NULL, 2.5::DOUBLE, TIMESTAMP '2026-01-01 00:00:00', '2026-01-01 00:00:00+01')
       ) t(order_id, product_id, machine_id, planned_qty, ideal_cycle_time_s, planned_start, planned_end)`,
    )
    expect(orders.outcome).toBe('clean')
    expect(orders.typed).toHaveLength(4)
    expect(orders.typed).toEqual(orders.text)
  })

  it('keeps FLOAT, DECIMAL and DATE columns on the text way, and still agrees', async () => {
    const mixed = await bothWays(
      'orders',
      `SELECT * FROM (VALUES
         ('O1', 'P1', 'M1', 100::DECIMAL(18, 3), 0.1::FLOAT, DATE '2026-11-24', DATE '2026-11-25'),
         ('O2', 'P1', 'M1', 12.000::DECIMAL(18, 3), 2.5::FLOAT, DATE '2026-03-29', DATE '2026-03-30')
       ) t(order_id, product_id, machine_id, planned_qty, ideal_cycle_time_s, planned_start, planned_end)`,
    )
    expect(mixed.outcome).toBe('refused')
    expect(mixed.text).toHaveLength(2)
    const someTyped = await bothWays(
      'orders',
      `SELECT * FROM (VALUES ('O1', 'P1', 'M1', 100::BIGINT, 0.1::FLOAT, DATE '2026-11-24', TIMESTAMPTZ '2026-11-25 00:00:00+00')) t(order_id, product_id, machine_id, planned_qty, ideal_cycle_time_s, planned_start, planned_end)`,
    )
    expect(someTyped.outcome).toBe('clean')
    expect(someTyped.typed).toEqual(someTyped.text)
  })

  it('leaves a file with a row that breaks a rule to the text read', async () => {
    const broken = {
      'a negative count': `SELECT 'M1' AS machine_id, TIMESTAMP '2026-11-24 08:00:00' AS period_start, TIMESTAMP '2026-11-24 09:00:00' AS period_end, -1::BIGINT AS good_count, 0::BIGINT AS scrap_count`,
      'a fractional count': `SELECT 'M1' AS machine_id, TIMESTAMP '2026-11-24 08:00:00' AS period_start, TIMESTAMP '2026-11-24 09:00:00' AS period_end, 12.5::DOUBLE AS good_count, 0::BIGINT AS scrap_count`,
      'a count that is not a number': `SELECT 'M1' AS machine_id, TIMESTAMP '2026-11-24 08:00:00' AS period_start, TIMESTAMP '2026-11-24 09:00:00' AS period_end, 'nan'::DOUBLE AS good_count, 0::BIGINT AS scrap_count`,
      'an end before the start': `SELECT 'M1' AS machine_id, TIMESTAMP '2026-11-24 08:00:00' AS period_start, TIMESTAMPTZ '2026-11-24 06:00:00+00' AS period_end, 1::BIGINT AS good_count, 0::BIGINT AS scrap_count`,
      'a missing start': `SELECT 'M1' AS machine_id, NULL::TIMESTAMP AS period_start, TIMESTAMP '2026-11-24 09:00:00' AS period_end, 1::BIGINT AS good_count, 0::BIGINT AS scrap_count`,
    }
    for (const [what, select] of Object.entries(broken)) {
      const result = await bothWays('production_counts', select)
      expect([what, result.outcome, result.typed, result.text]).toEqual([what, 'rule-broken', undefined, undefined])
    }
  })
})
