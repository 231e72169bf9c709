/**
 * The KPI SQL run in an in-memory DuckDB over hand-built temp tables; every expected number is
 * worked out by hand in the comment beside it. Instants are written in UTC; Berlin is UTC+2 in
 * June (CEST) and UTC+1 in winter (CET).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { kpiColumns } from './kpi-columns.ts'
import { kpiSql, type KpiSqlOptions } from './kpi-sql.ts'

const relations = {
  orders: 't_orders',
  machine_states: 't_states',
  production_counts: 't_counts',
  quality_inspections: 't_inspections',
}

const SCHEMA = `
CREATE TEMP TABLE t_orders (order_id VARCHAR, product_id VARCHAR, machine_id VARCHAR, planned_qty BIGINT,
  ideal_cycle_time_s DOUBLE, planned_start TIMESTAMPTZ, planned_end TIMESTAMPTZ);
CREATE TEMP TABLE t_states (machine_id VARCHAR, state VARCHAR, start_time TIMESTAMPTZ, end_time TIMESTAMPTZ, reason_code VARCHAR);
CREATE TEMP TABLE t_counts (machine_id VARCHAR, order_id VARCHAR, product_id VARCHAR, period_start TIMESTAMPTZ,
  period_end TIMESTAMPTZ, good_count BIGINT, scrap_count BIGINT);
CREATE TEMP TABLE t_inspections (inspection_id VARCHAR, machine_id VARCHAR, order_id VARCHAR, inspected_at TIMESTAMPTZ,
  result VARCHAR, defect_code VARCHAR, rework BOOLEAN);
`

const FIXTURE = `
INSERT INTO t_orders VALUES
  ('O1', 'P1', 'M1', 1000, 30, '2026-06-10T06:00:00Z', '2026-06-10T18:00:00Z'),
  ('O2', 'P2', 'M1', 1000, 20, '2026-06-10T06:00:00Z', '2026-06-10T18:00:00Z'),
  ('O3', 'P3', 'M4', 1000, NULL, '2026-06-10T06:00:00Z', '2026-06-10T18:00:00Z');

INSERT INTO t_states VALUES
  -- M1, 10 June (Berlin 10:00-14:00)
  ('M1', 'RUNNING',      '2026-06-10T08:00:00Z', '2026-06-10T10:30:00Z', NULL),
  ('M1', 'IDLE',         '2026-06-10T10:30:00Z', '2026-06-10T11:00:00Z', 'NO_MATERIAL'),
  ('M1', 'DOWN',         '2026-06-10T11:00:00Z', '2026-06-10T11:30:00Z', 'JAM'),
  ('M1', 'PLANNED_STOP', '2026-06-10T11:30:00Z', '2026-06-10T12:00:00Z', 'BREAK'),
  -- M2 crosses Berlin midnight (22:00Z), the UTC hours 22:00 and 23:00, and UTC midnight
  ('M2', 'RUNNING',      '2026-06-10T21:40:00Z', '2026-06-11T00:20:00Z', NULL),
  ('M4', 'RUNNING',      '2026-06-10T08:00:00Z', '2026-06-10T10:00:00Z', NULL),
  -- M5 on the spring-forward day (Berlin 00:00 CET to 12:30 CEST) and the fall-back day (00:00 CEST to 11:30 CET)
  ('M5', 'RUNNING',      '2026-03-28T23:00:00Z', '2026-03-29T10:30:00Z', NULL),
  ('M5', 'RUNNING',      '2026-10-24T22:00:00Z', '2026-10-25T10:30:00Z', NULL),
  -- M6 down for days, from before to after a July window
  ('M6', 'DOWN',         '2026-07-01T10:00:00Z', '2026-07-04T05:00:00Z', 'BREAKDOWN');

INSERT INTO t_counts VALUES
  ('M1', 'O1', 'P1', '2026-06-10T08:00:00Z', '2026-06-10T09:00:00Z', 100, 5),
  ('M1', 'O2', 'P2', '2026-06-10T09:00:00Z', '2026-06-10T10:00:00Z', 150, 10),
  ('M1', 'O2', 'P2', '2026-06-10T10:00:00Z', '2026-06-10T10:30:00Z', 40, 0),
  ('M4', 'O1', 'P1', '2026-06-10T08:00:00Z', '2026-06-10T08:30:00Z', 60, 0),
  ('M4', 'O-unknown', 'P9', '2026-06-10T08:30:00Z', '2026-06-10T09:00:00Z', 50, 0),
  ('M4', 'O3', 'P3', '2026-06-10T09:00:00Z', '2026-06-10T10:00:00Z', 20, 0);

INSERT INTO t_inspections VALUES
  ('I1', 'M1', 'O1', '2026-06-10T08:15:00Z', 'PASS', NULL, false),
  ('I2', 'M1', 'O1', '2026-06-10T08:45:00Z', 'PASS', NULL, true),
  ('I3', 'M1', 'O2', '2026-06-10T09:10:00Z', 'FAIL', 'SCRATCH', false),
  ('I4', 'M1', 'O2', '2026-06-10T09:20:00Z', 'PASS', NULL, false),
  ('I5', 'M1', 'O2', '2026-06-10T09:40:00Z', 'PASS', NULL, false),
  ('I6', 'M3', NULL, '2026-06-10T09:30:00Z', 'FAIL', 'DENT', false),
  ('I7', NULL, NULL, '2026-06-10T09:30:00Z', 'PASS', NULL, false),
  -- 00:15 on 3 July in Kolkata, still 20:45 on 2 July in Berlin
  ('I8', 'M6', NULL, '2026-07-02T18:45:00Z', 'PASS', NULL, false);
`

type Value = string | number | boolean | null
type Row = Record<string, Value>

let instance: DuckDBInstance
let connection: DuckDBConnection

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })
  connection = await instance.connect()
  await connection.run("SET TimeZone='Europe/Berlin'")
  await connection.run(SCHEMA)
  await connection.run(FIXTURE)
})

afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

const BIGINT_COLUMNS = new Set(['total_count', 'good_count', 'scrap_count', 'inspections'])

/** The KPI rows, with instants as `…Z` strings, dates as `YYYY-MM-DD` and counts as numbers. */
async function kpi(options: Omit<KpiSqlOptions, 'relations'>): Promise<Row[]> {
  const reader = await connection.runAndReadAll(kpiSql({ ...options, relations }))
  return (reader.getRowObjectsJson() as Row[]).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => {
        if (value !== null && BIGINT_COLUMNS.has(name)) return [name, Number(value)]
        if (typeof value === 'string' && (name === 'period_start' || name === 'period_end')) {
          return [name, value.replace(' ', 'T').replace(/\+00$/, 'Z')]
        }
        return [name, value]
      }),
    ),
  )
}

function rowOf(rows: Row[], machine: string, periodStart: string): Row {
  const row = rows.find((r) => r.machine_id === machine && r.period_start === periodStart)
  if (row === undefined) throw new Error(`no row for ${machine} at ${periodStart}`)
  return row
}

/** Numbers compared to 9 decimals; NULL must be NULL (not 0). */
function expectKpi(row: Row, expected: Row): void {
  for (const [name, value] of Object.entries(expected)) {
    const actual = row[name]
    if (typeof value === 'number') {
      expect(actual, name).toBeTypeOf('number')
      expect(actual as number, name).toBeCloseTo(value, 9)
    } else {
      expect(actual, name).toBe(value)
    }
  }
}

const keysOf = (rows: Row[]): string[] => rows.map((r) => `${String(r.machine_id)} ${String(r.period_start)}`)

// Berlin days 10 and 11 June 2026: [2026-06-09T22:00Z, 2026-06-11T22:00Z).
const JUNE = { plantTz: 'Europe/Berlin', from: '2026-06-09T22:00:00Z', to: '2026-06-11T22:00:00Z' } as const

describe('kpiSql, hourly (UTC hours)', () => {
  it('gives one row per machine and hour with any state time, count or inspection', async () => {
    const rows = await kpi({ grain: 'hour', ...JUNE })
    // Ordered by period, then machine. M1 08-11, M3 09 (inspection only), M4 08-09, M2 21-00.
    expect(keysOf(rows)).toEqual([
      'M1 2026-06-10T08:00:00Z',
      'M4 2026-06-10T08:00:00Z',
      'M1 2026-06-10T09:00:00Z',
      'M3 2026-06-10T09:00:00Z',
      'M4 2026-06-10T09:00:00Z',
      'M1 2026-06-10T10:00:00Z',
      'M1 2026-06-10T11:00:00Z',
      'M2 2026-06-10T21:00:00Z',
      'M2 2026-06-10T22:00:00Z',
      'M2 2026-06-10T23:00:00Z',
      'M2 2026-06-11T00:00:00Z',
    ])
  })

  it('computes the ISO 22400 KPIs of M1 hour by hour', async () => {
    const rows = await kpi({ grain: 'hour', ...JUNE })
    // 08:00-09:00Z: RUNNING the whole hour; counts O1 100 good + 5 scrap; inspections I1 (PASS) and I2 (PASS, reworked).
    expectKpi(rowOf(rows, 'M1', '2026-06-10T08:00:00Z'), {
      period_end: '2026-06-10T09:00:00Z',
      day: '2026-06-10', // 10:00 in Berlin
      planned_time_s: 3600,
      run_time_s: 3600,
      availability: 1, // 3600 / 3600
      total_count: 105,
      good_count: 100,
      scrap_count: 5,
      performance: 0.875, // 30 s × 105 = 3150 s ideal / 3600 s run
      quality: 0.9523809524, // 100 / 105
      oee: 0.8333333333, // 1 × 0.875 × 100/105
      utilization: 1, // 3600 / 3600
      production_rate_per_h: 105, // 105 pieces / 1 h
      scrap_rate: 0.0476190476, // 5 / 105
      fpy: 0.5, // I1 only of I1, I2 (I2 was reworked)
      inspections: 2,
    })
    // 09:00-10:00Z: RUNNING the whole hour; O2 150 + 10; inspections I3 FAIL, I4 PASS, I5 PASS.
    expectKpi(rowOf(rows, 'M1', '2026-06-10T09:00:00Z'), {
      planned_time_s: 3600,
      run_time_s: 3600,
      availability: 1,
      total_count: 160,
      good_count: 150,
      scrap_count: 10,
      performance: 0.8888888889, // 20 s × 160 = 3200 / 3600
      quality: 0.9375, // 150 / 160
      oee: 0.8333333333, // 1 × 3200/3600 × 0.9375
      utilization: 1,
      production_rate_per_h: 160,
      scrap_rate: 0.0625, // 10 / 160
      fpy: 0.6666666667, // 2 / 3
      inspections: 3,
    })
    // 10:00-11:00Z: RUNNING 10:00-10:30 (1800 s) + IDLE 10:30-11:00 (1800 s); O2 40 + 0.
    expectKpi(rowOf(rows, 'M1', '2026-06-10T10:00:00Z'), {
      planned_time_s: 3600, // 1800 + 1800
      run_time_s: 1800,
      availability: 0.5, // 1800 / 3600
      total_count: 40,
      good_count: 40,
      scrap_count: 0,
      performance: 0.4444444444, // 20 s × 40 = 800 / 1800
      quality: 1, // 40 / 40
      oee: 0.2222222222, // 0.5 × 800/1800 × 1
      utilization: 0.5, // 1800 / 3600
      production_rate_per_h: 80, // 40 pieces / 0.5 h
      scrap_rate: 0, // 0 / 40
      fpy: null, // no inspections: 0 / 0
      inspections: 0,
    })
    // 11:00-12:00Z: DOWN 11:00-11:30 (planned, 1800 s), PLANNED_STOP 11:30-12:00 (not planned time).
    expectKpi(rowOf(rows, 'M1', '2026-06-10T11:00:00Z'), {
      planned_time_s: 1800,
      run_time_s: 0,
      availability: 0, // 0 / 1800
      total_count: 0,
      performance: null, // x / 0 run time
      quality: null, // 0 / 0 pieces
      oee: null,
      utilization: 0, // 0 / 3600
      production_rate_per_h: null, // 0 / 0 h
      scrap_rate: null,
      fpy: null,
      inspections: 0,
    })
  })

  it('clips a state interval at hour boundaries and at midnight', async () => {
    const rows = await kpi({ grain: 'hour', ...JUNE })
    // M2 RUNNING 21:40Z-00:20Z: 21:40-22:00 = 1200 s, two whole hours, 00:00-00:20 = 1200 s.
    const m2 = rows.filter((r) => r.machine_id === 'M2')
    expect(m2.map((r) => r.run_time_s)).toEqual([1200, 3600, 3600, 1200])
    expect(m2.map((r) => r.planned_time_s)).toEqual([1200, 3600, 3600, 1200])
    expectKpi(m2[0]!, { utilization: 0.3333333333, availability: 1 }) // 1200 / 3600; 1200 / 1200
    // The hourly `day` is the Berlin date of the hour's start: 21:00Z is 23:00 on the 10th,
    // 22:00Z is already 00:00 on the 11th.
    expect(m2.map((r) => r.day)).toEqual(['2026-06-10', '2026-06-11', '2026-06-11', '2026-06-11'])
    // It ran but counted nothing: performance 0 (0 ideal s / 1200 s), quality and OEE unknown.
    expectKpi(m2[0]!, { total_count: 0, performance: 0, quality: null, oee: null, production_rate_per_h: 0 })
  })

  it('gives NULL for every ratio with a zero denominator (a machine with only an inspection)', async () => {
    const rows = await kpi({ grain: 'hour', ...JUNE })
    // M3: one FAIL inspection at 09:30Z, no states, no counts.
    expectKpi(rowOf(rows, 'M3', '2026-06-10T09:00:00Z'), {
      planned_time_s: 0,
      run_time_s: 0,
      availability: null, // 0 / 0
      total_count: 0,
      good_count: 0,
      scrap_count: 0,
      performance: null, // 0 / 0
      quality: null, // 0 / 0
      oee: null,
      utilization: 0, // 0 / 3600: the period itself has a length
      production_rate_per_h: null,
      scrap_rate: null,
      fpy: 0, // 0 passed first time / 1
      inspections: 1,
    })
    // I7 has no machine and appears nowhere.
    expect(rows.every((r) => r.machine_id !== null)).toBe(true)
  })

  it('leaves counts without an ideal cycle time out of the performance numerator', async () => {
    const rows = await kpi({ grain: 'hour', ...JUNE })
    // 08:00Z: O1 60 pieces × 30 s = 1800 s; O-unknown 50 pieces (no such order) add nothing.
    expectKpi(rowOf(rows, 'M4', '2026-06-10T08:00:00Z'), {
      run_time_s: 3600,
      total_count: 110, // 60 + 50: they still count as pieces
      performance: 0.5, // 1800 / 3600
      quality: 1,
      oee: 0.5, // 1 × 0.5 × 1
      production_rate_per_h: 110,
    })
    // 09:00Z: only O3, whose ideal cycle time is NULL: pieces but nothing to measure them by.
    expectKpi(rowOf(rows, 'M4', '2026-06-10T09:00:00Z'), {
      run_time_s: 3600,
      total_count: 20,
      performance: null,
      quality: 1,
      oee: null,
      production_rate_per_h: 20,
    })
  })

  it('returns only the hours overlapping [from, to), each measured whole', async () => {
    // 08:30Z-09:30Z overlaps the hours 08:00 and 09:00; M1's 08:00 hour still has its full 3600 s.
    const rows = await kpi({ grain: 'hour', plantTz: 'Europe/Berlin', from: '2026-06-10T08:30:00Z', to: '2026-06-10T09:30:00Z' })
    expect(keysOf(rows)).toEqual([
      'M1 2026-06-10T08:00:00Z',
      'M4 2026-06-10T08:00:00Z',
      'M1 2026-06-10T09:00:00Z',
      'M3 2026-06-10T09:00:00Z',
      'M4 2026-06-10T09:00:00Z',
    ])
    expectKpi(rowOf(rows, 'M1', '2026-06-10T08:00:00Z'), { run_time_s: 3600, total_count: 105, inspections: 2 })
  })

  it('has 23 hours on the spring-forward day, all of them dated that day', async () => {
    // Berlin 29 March 2026 = [2026-03-28T23:00Z, 2026-03-29T22:00Z). M5 RUNNING 23:00Z-10:30Z:
    // 11 whole hours (23, 00 … 09) and 10:00-10:30 = 1800 s.
    const rows = await kpi({ grain: 'hour', plantTz: 'Europe/Berlin', from: '2026-03-28T23:00:00Z', to: '2026-03-29T22:00:00Z' })
    expect(rows.map((r) => r.run_time_s)).toEqual([...Array<number>(11).fill(3600), 1800])
    expect(rows[0]!.period_start).toBe('2026-03-28T23:00:00Z')
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2026-03-29']))
  })
})

describe('kpiSql, daily (plant-local days)', () => {
  it('computes the ISO 22400 KPIs of M1 over its Berlin day', async () => {
    const rows = await kpi({ grain: 'day', ...JUNE })
    expectKpi(rowOf(rows, 'M1', '2026-06-09T22:00:00Z'), {
      period_end: '2026-06-10T22:00:00Z',
      day: '2026-06-10',
      planned_time_s: 12600, // RUNNING 9000 + IDLE 1800 + DOWN 1800 (PLANNED_STOP excluded)
      run_time_s: 9000, // 08:00-10:30
      availability: 0.7142857143, // 9000 / 12600
      total_count: 305, // (100 + 5) + (150 + 10) + (40 + 0)
      good_count: 290,
      scrap_count: 15,
      performance: 0.7944444444, // (30 × 105 + 20 × 160 + 20 × 40) = 7150 / 9000
      quality: 0.9508196721, // 290 / 305
      oee: 0.539552433, // 9000/12600 × 7150/9000 × 290/305
      utilization: 0.1041666667, // 9000 / 86400
      production_rate_per_h: 122, // 305 / 2.5 h
      scrap_rate: 0.0491803279, // 15 / 305
      fpy: 0.6, // I1, I4, I5 of 5 (I2 reworked, I3 failed)
      inspections: 5,
    })
    // M4: run 7200 s; ideal 30 × 60 = 1800 s (O-unknown and O3 add nothing) → 1800 / 7200.
    expectKpi(rowOf(rows, 'M4', '2026-06-09T22:00:00Z'), {
      run_time_s: 7200,
      total_count: 130, // 60 + 50 + 20
      performance: 0.25,
      oee: 0.25, // 1 × 0.25 × 1
      utilization: 0.0833333333, // 7200 / 86400
      production_rate_per_h: 65, // 130 / 2 h
    })
  })

  it('splits at Berlin midnight, not UTC midnight', async () => {
    // M2 RUNNING 21:40Z-00:20Z. Berlin midnight is 22:00Z: 10 June gets 21:40-22:00 = 1200 s,
    // 11 June gets 22:00-00:20 = 8400 s.
    const berlin = (await kpi({ grain: 'day', ...JUNE })).filter((r) => r.machine_id === 'M2')
    expect(berlin.map((r) => [r.day, r.period_start, r.run_time_s])).toEqual([
      ['2026-06-10', '2026-06-09T22:00:00Z', 1200],
      ['2026-06-11', '2026-06-10T22:00:00Z', 8400],
    ])
    expectKpi(berlin[1]!, { utilization: 0.0972222222 }) // 8400 / 86400
    // Over UTC days the same interval splits the other way: 21:40-24:00 = 8400 s, 00:00-00:20 = 1200 s.
    const utc = (await kpi({ grain: 'day', plantTz: 'UTC', from: '2026-06-10T00:00:00Z', to: '2026-06-12T00:00:00Z' })).filter(
      (r) => r.machine_id === 'M2',
    )
    expect(utc.map((r) => [r.day, r.period_start, r.run_time_s])).toEqual([
      ['2026-06-10', '2026-06-10T00:00:00Z', 8400],
      ['2026-06-11', '2026-06-11T00:00:00Z', 1200],
    ])
  })

  it('returns only the days overlapping [from, to)', async () => {
    // Only Berlin 10 June: M2 keeps its 1200 s and has no row for the 11th.
    const rows = await kpi({ grain: 'day', plantTz: 'Europe/Berlin', from: '2026-06-09T22:00:00Z', to: '2026-06-10T22:00:00Z' })
    expect(keysOf(rows)).toEqual(['M1 2026-06-09T22:00:00Z', 'M2 2026-06-09T22:00:00Z', 'M3 2026-06-09T22:00:00Z', 'M4 2026-06-09T22:00:00Z'])
  })

  it('uses the real length of DST days (23 h and 25 h)', async () => {
    // Spring forward: Berlin 29 March 2026 = [2026-03-28T23:00Z, 2026-03-29T22:00Z) = 82800 s.
    // RUNNING 23:00Z-10:30Z = 41400 s → utilization 41400 / 82800 = 0.5 (not 41400 / 86400).
    const spring = await kpi({ grain: 'day', plantTz: 'Europe/Berlin', from: '2026-03-28T23:00:00Z', to: '2026-03-29T22:00:00Z' })
    expect(spring).toHaveLength(1)
    expectKpi(spring[0]!, {
      machine_id: 'M5',
      period_start: '2026-03-28T23:00:00Z',
      period_end: '2026-03-29T22:00:00Z',
      day: '2026-03-29',
      run_time_s: 41400,
      utilization: 0.5,
    })
    // Fall back: Berlin 25 October 2026 = [2026-10-24T22:00Z, 2026-10-25T23:00Z) = 90000 s.
    // RUNNING 22:00Z-10:30Z = 45000 s → utilization 45000 / 90000 = 0.5.
    const autumn = await kpi({ grain: 'day', plantTz: 'Europe/Berlin', from: '2026-10-24T22:00:00Z', to: '2026-10-25T23:00:00Z' })
    expectKpi(autumn[0]!, {
      period_start: '2026-10-24T22:00:00Z',
      period_end: '2026-10-25T23:00:00Z',
      day: '2026-10-25',
      run_time_s: 45000,
      utilization: 0.5,
    })
  })

  it('cuts a state spanning days at every midnight and at the window', async () => {
    // M6 DOWN 1 July 10:00Z - 4 July 05:00Z; window Berlin 2-3 July = [1 July 22:00Z, 3 July 22:00Z).
    // Both days are wholly DOWN: planned 86400 s, run 0 → availability 0 / 86400 = 0.
    const daily = await kpi({ grain: 'day', plantTz: 'Europe/Berlin', from: '2026-07-01T22:00:00Z', to: '2026-07-03T22:00:00Z' })
    expect(daily.map((r) => [r.machine_id, r.day, r.planned_time_s, r.run_time_s, r.availability, r.utilization])).toEqual([
      ['M6', '2026-07-02', 86400, 0, 0, 0],
      ['M6', '2026-07-03', 86400, 0, 0, 0],
    ])
    // Hourly over the same window: 48 whole hours.
    const hourly = await kpi({ grain: 'hour', plantTz: 'Europe/Berlin', from: '2026-07-01T22:00:00Z', to: '2026-07-03T22:00:00Z' })
    expect(hourly.map((r) => r.planned_time_s)).toEqual(Array<number>(48).fill(3600))
    expect(daily.map((r) => r.inspections)).toEqual([1, 0]) // I8, 20:45 on 2 July in Berlin
  })

  it('handles a zone whose midnight is not on a UTC hour (Asia/Kolkata, UTC+5:30)', async () => {
    // Kolkata 10 June = [2026-06-09T18:30Z, 2026-06-10T18:30Z): M1 RUNNING 08:00-10:30Z = 9000 s.
    // Kolkata 11 June starts 2026-06-10T18:30Z: M2's whole 21:40Z-00:20Z = 9600 s.
    const rows = await kpi({ grain: 'day', plantTz: 'Asia/Kolkata', from: '2026-06-09T18:30:00Z', to: '2026-06-11T18:30:00Z' })
    expectKpi(rowOf(rows, 'M1', '2026-06-09T18:30:00Z'), { day: '2026-06-10', run_time_s: 9000, period_end: '2026-06-10T18:30:00Z' })
    expectKpi(rowOf(rows, 'M2', '2026-06-10T18:30:00Z'), { day: '2026-06-11', run_time_s: 9600, utilization: 0.1111111111 }) // 9600 / 86400
    expect(rows.filter((r) => r.machine_id === 'M2')).toHaveLength(1)
    // I8 at 18:45Z on 2 July is 00:15 on 3 July in Kolkata: a half hour placed by its minute.
    const july = await kpi({ grain: 'day', plantTz: 'Asia/Kolkata', from: '2026-07-01T18:30:00Z', to: '2026-07-03T18:30:00Z' })
    expect(july.map((r) => [r.day, r.inspections])).toEqual([
      ['2026-07-02', 0],
      ['2026-07-03', 1],
    ])
  })

  it('does not depend on the session time zone', async () => {
    const daily = await kpi({ grain: 'day', ...JUNE })
    const hourly = await kpi({ grain: 'hour', ...JUNE })
    try {
      for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
        await connection.run(`SET TimeZone='${zone}'`)
        expect(await kpi({ grain: 'day', ...JUNE }), zone).toEqual(daily)
        expect(await kpi({ grain: 'hour', ...JUNE }), zone).toEqual(hourly)
      }
    } finally {
      await connection.run("SET TimeZone='Europe/Berlin'")
    }
  })
})

describe('kpiSql, shape and options', () => {
  it('produces exactly the columns and types of kpiColumns', async () => {
    for (const grain of ['hour', 'day'] as const) {
      const reader = await connection.runAndReadAll(`DESCRIBE ${kpiSql({ grain, ...JUNE, relations })}`)
      const described = reader.getRowObjectsJson().map((r) => ({
        name: String(r.column_name),
        type: String(r.column_type).replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ'),
      }))
      expect(described).toEqual(kpiColumns)
    }
  })

  it('reads the mes views unless told otherwise', () => {
    const sql = kpiSql({ grain: 'day', ...JUNE })
    for (const name of ['mes.orders', 'mes.machine_states', 'mes.production_counts', 'mes.quality_inspections']) {
      expect(sql).toContain(name)
    }
    expect(kpiSql({ grain: 'day', ...JUNE, relations: { orders: 'x.o' } })).toContain('x.o')
  })

  it('rejects bad options early and precisely', () => {
    const ok = { grain: 'hour', ...JUNE } as const
    expect(() => kpiSql({ ...ok, grain: 'week' as 'hour' })).toThrow(/grain/)
    expect(() => kpiSql({ ...ok, plantTz: 'Mars/Olympus' })).toThrow(/plantTz/)
    expect(() => kpiSql({ ...ok, from: '2026-06-10' })).toThrow(/from must be an ISO instant/)
    expect(() => kpiSql({ ...ok, to: "2026-06-11T00:00:00Z'; DROP TABLE x; --" })).toThrow(/to must be an ISO instant/)
    expect(() => kpiSql({ ...ok, from: JUNE.to, to: JUNE.from })).toThrow(/before/)
    expect(() => kpiSql({ ...ok, relations: { orders: 'orders; DROP TABLE x' } })).toThrow(/relation for orders/)
  })
})
