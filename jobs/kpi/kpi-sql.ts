/**
 * Generates the DuckDB SELECT behind the KPI gold tables: one row per machine and period (a UTC
 * hour for `kpi.machine_hourly`, a plant-local day for `kpi.machine_daily`), with availability,
 * performance, quality, OEE and friends after ISO 22400-2. Pure string building; the columns
 * are ./kpi-columns.ts.
 *
 * Periods are generated in SQL and numbered 0, 1, … (`n`). Instants reach their period through
 * a small lookup of fixed-width buckets (UTC hours for the hourly grain; UTC minutes for the
 * daily one, as local midnight falls on a whole minute in every zone since 1972), joined on
 * integer arithmetic: a hash join, not a time-zone conversion per row. A state interval inside
 * one period needs nothing more; one spanning several is expanded to just the periods it spans,
 * never crossed with all of them. The span's bounds are constant expressions that DuckDB folds,
 * so they reach the Parquet scans as filters.
 *
 * Choices beyond the definitions:
 * - Performance: a counts row whose order is unknown, or whose order has no ideal cycle time,
 *   adds nothing to the numerator Σ(ideal_cycle_time_s × pieces): its pieces have no ideal time
 *   to be measured against. Run time stays whole, so such rows pull performance down. When a
 *   period has pieces but none with an ideal cycle time, performance (and OEE) is NULL rather
 *   than a misleading 0; a period that ran without pieces has performance 0.
 * - Periods overlapping [from, to) are measured whole, including their parts outside the window.
 * - FPY: a NULL `rework` counts as not reworked (the cleaning stores a missing flag as false).
 * - Inspections without a machine_id cannot be attributed to a machine and are left out.
 * - Any state time, PLANNED_STOP included, gives a machine a row for the period.
 * - `orders` is unique by order_id (the cleaning keeps the latest version of a key).
 */
import { quoteLiteral } from '../../catalog/index.ts'
import type { DatasetName } from '../mes/datasets.ts'

export type KpiGrain = 'hour' | 'day'

/** The relation (table or view name, optionally schema-qualified) read for each dataset. */
export type KpiRelations = Record<DatasetName, string>

export const defaultKpiRelations: KpiRelations = {
  orders: 'mes.orders',
  machine_states: 'mes.machine_states',
  production_counts: 'mes.production_counts',
  quality_inspections: 'mes.quality_inspections',
}

export interface KpiSqlOptions {
  /** `hour`: UTC hours (`kpi.machine_hourly`); `day`: plant-local days (`kpi.machine_daily`). */
  grain: KpiGrain
  /** IANA time zone of the plant, e.g. `Europe/Berlin`. */
  plantTz: string
  /** Start of the window (inclusive), an ISO instant with `Z` or an offset. */
  from: string
  /** End of the window (exclusive). Every period overlapping [from, to) gets rows. */
  to: string
  relations?: Partial<KpiRelations>
}

/** How a grain names its periods. Every argument and result is a SQL expression. */
interface Grain {
  /** The key of the period holding the instant `ts`: an hour number or a plant-local DATE. */
  keyOf(ts: string): string
  /** The first instant of the period `key`. */
  startOf(key: string): string
  /** The key of the following period. */
  next(key: string): string
  /** A set-returning expression: every key from `first` to `last`, both included. */
  keys(first: string, last: string): string
  /** Width of the lookup buckets in seconds: no period boundary falls inside a bucket. */
  bucketS: number
}

const hourGrain: Grain = {
  // Hours since the epoch: integer arithmetic, independent of the session time zone.
  keyOf: (ts) => `(epoch_us(${ts}) // 3600000000)`,
  startOf: (key) => `to_timestamp(${key} * 3600)`,
  next: (key) => `(${key} + 1)`,
  keys: (first, last) => `unnest(generate_series(${first}, ${last}))`,
  bucketS: 3600,
}

function dayGrain(tz: string): Grain {
  return {
    keyOf: (ts) => `(${ts} AT TIME ZONE ${tz})::DATE`,
    // Local midnight read in the plant's zone, so a DST day is 23 or 25 hours long.
    startOf: (key) => `(${key}::TIMESTAMP AT TIME ZONE ${tz})`,
    next: (key) => `(${key} + 1)`,
    // Over naive TIMESTAMPs, so the session time zone plays no part.
    keys: (first, last) => `unnest(generate_series(${first}::TIMESTAMP, ${last}::TIMESTAMP, INTERVAL 1 DAY))::DATE`,
    bucketS: 60,
  }
}

/** A SELECT of the KPI rows (columns as ./kpi-columns.ts) for every period overlapping [from, to). */
export function kpiSql(options: KpiSqlOptions): string {
  const { grain: grainName, plantTz } = options
  if (grainName !== 'hour' && grainName !== 'day') throw new Error(`kpiSql: grain must be 'hour' or 'day', not '${String(grainName)}'`)
  assertTimeZone(plantTz)
  const from = instantLiteral('from', options.from)
  const to = instantLiteral('to', options.to)
  if (Date.parse(options.from) >= Date.parse(options.to)) throw new Error(`kpiSql: from (${options.from}) must be before to (${options.to})`)
  const rel = relations(options.relations)

  const tz = quoteLiteral(plantTz)
  const grain = grainName === 'hour' ? hourGrain : dayGrain(tz)
  const firstKey = grain.keyOf(from)
  const lastKey = grain.keyOf(`(${to} - INTERVAL 1 MICROSECOND)`)
  // The span of all periods: constants, folded by DuckDB and pushed into the scans.
  const spanStart = grain.startOf(firstKey)
  const spanEnd = grain.startOf(grain.next(lastKey))
  const bucketUs = grain.bucketS * 1_000_000
  const bucketOf = (ts: string): string => `(epoch_us(${ts}) // ${bucketUs})`
  const us = (ts: string): string => `epoch_us(${ts})`

  return `WITH
periods AS (
  SELECT key - ${firstKey} AS n, ${grain.startOf('key')} AS period_start, ${grain.startOf(grain.next('key'))} AS period_end
  FROM (SELECT ${grain.keys(firstKey, lastKey)} AS key)
),
-- The period of each bucket of the span.
buckets AS MATERIALIZED (
  SELECT bucket, ${grain.keyOf(`to_timestamp(bucket * ${grain.bucketS})`)} - ${firstKey} AS n
  FROM (SELECT unnest(range(${bucketOf(spanStart)}, ${bucketOf(spanEnd)})) AS bucket)
),
state_spans AS (
  SELECT s.machine_id, s.state, s.t0, s.t1, b0.n AS n0, b1.n AS n1
  FROM (
    SELECT machine_id, state, greatest(start_time, ${spanStart}) AS t0, least(end_time, ${spanEnd}) AS t1
    FROM ${rel.machine_states}
    WHERE start_time < ${spanEnd} AND end_time > ${spanStart} AND start_time < end_time AND machine_id IS NOT NULL
  ) AS s
  JOIN buckets AS b0 ON b0.bucket = ${bucketOf('s.t0')}
  -- The bucket of the interval's last microsecond.
  JOIN buckets AS b1 ON b1.bucket = (epoch_us(s.t1) - 1) // ${bucketUs}
),
-- Most intervals lie inside one period; the others are cut at the bounds of the periods they span.
state_pieces AS (
  SELECT machine_id, n0 AS n, state, ${us('t1')} - ${us('t0')} AS us
  FROM state_spans
  WHERE n0 = n1
  UNION ALL
  SELECT s.machine_id, s.n, s.state, ${us('least(s.t1, p.period_end)')} - ${us('greatest(s.t0, p.period_start)')} AS us
  FROM (SELECT machine_id, state, t0, t1, unnest(range(n0, n1 + 1)) AS n FROM state_spans WHERE n0 < n1) AS s
  JOIN periods AS p ON p.n = s.n
),
state_time AS (
  SELECT machine_id, n,
    sum(us) FILTER (WHERE state IN ('RUNNING', 'IDLE', 'DOWN')) AS planned_us,
    sum(us) FILTER (WHERE state = 'RUNNING') AS run_us
  FROM state_pieces
  GROUP BY machine_id, n
),
count_totals AS (
  SELECT c.machine_id, b.n,
    sum(c.good_count) AS good,
    sum(c.scrap_count) AS scrap,
    -- Rows without an ideal cycle time add nothing here (see the header).
    sum(o.ideal_cycle_time_s * (c.good_count + c.scrap_count)) AS ideal_s,
    count(o.ideal_cycle_time_s) AS timed_rows
  FROM ${rel.production_counts} AS c
  JOIN buckets AS b ON b.bucket = ${bucketOf('c.period_start')}
  LEFT JOIN ${rel.orders} AS o ON o.order_id = c.order_id
  WHERE c.period_start >= ${spanStart} AND c.period_start < ${spanEnd} AND c.machine_id IS NOT NULL
  GROUP BY c.machine_id, b.n
),
inspection_totals AS (
  SELECT i.machine_id, b.n,
    count(*) AS inspections,
    count(*) FILTER (WHERE i.result = 'PASS' AND NOT coalesce(i.rework, false)) AS first_pass
  FROM ${rel.quality_inspections} AS i
  JOIN buckets AS b ON b.bucket = ${bucketOf('i.inspected_at')}
  WHERE i.inspected_at >= ${spanStart} AND i.inspected_at < ${spanEnd} AND i.machine_id IS NOT NULL
  GROUP BY i.machine_id, b.n
),
machine_periods AS (
  SELECT machine_id, n FROM state_time
  UNION SELECT machine_id, n FROM count_totals
  UNION SELECT machine_id, n FROM inspection_totals
),
measures AS (
  SELECT mp.machine_id, p.period_start, p.period_end,
    coalesce(st.planned_us, 0) / 1e6 AS planned_time_s,
    coalesce(st.run_us, 0) / 1e6 AS run_time_s,
    (${us('p.period_end')} - ${us('p.period_start')}) / 1e6 AS period_s,
    coalesce(ct.good, 0) AS good,
    coalesce(ct.scrap, 0) AS scrap,
    coalesce(ct.good, 0) + coalesce(ct.scrap, 0) AS total,
    CASE WHEN coalesce(ct.good, 0) + coalesce(ct.scrap, 0) > 0 AND coalesce(ct.timed_rows, 0) = 0 THEN NULL
      ELSE coalesce(ct.ideal_s, 0) END AS ideal_s,
    coalesce(it.inspections, 0) AS inspections,
    coalesce(it.first_pass, 0) AS first_pass
  FROM machine_periods AS mp
  JOIN periods AS p ON p.n = mp.n
  LEFT JOIN state_time AS st ON st.machine_id = mp.machine_id AND st.n = mp.n
  LEFT JOIN count_totals AS ct ON ct.machine_id = mp.machine_id AND ct.n = mp.n
  LEFT JOIN inspection_totals AS it ON it.machine_id = mp.machine_id AND it.n = mp.n
),
ratios AS (
  SELECT *,
    run_time_s / nullif(planned_time_s, 0) AS availability,
    ideal_s / nullif(run_time_s, 0) AS performance,
    good / nullif(total, 0) AS quality
  FROM measures
)
SELECT
  machine_id::VARCHAR AS machine_id,
  period_start::TIMESTAMPTZ AS period_start,
  period_end::TIMESTAMPTZ AS period_end,
  (period_start AT TIME ZONE ${tz})::DATE AS day,
  planned_time_s::DOUBLE AS planned_time_s,
  run_time_s::DOUBLE AS run_time_s,
  availability::DOUBLE AS availability,
  total::BIGINT AS total_count,
  good::BIGINT AS good_count,
  scrap::BIGINT AS scrap_count,
  performance::DOUBLE AS performance,
  quality::DOUBLE AS quality,
  (availability * performance * quality)::DOUBLE AS oee,
  (run_time_s / nullif(period_s, 0))::DOUBLE AS utilization,
  (total * 3600 / nullif(run_time_s, 0))::DOUBLE AS production_rate_per_h,
  (scrap / nullif(total, 0))::DOUBLE AS scrap_rate,
  (first_pass / nullif(inspections, 0))::DOUBLE AS fpy,
  inspections::BIGINT AS inspections
FROM ratios
ORDER BY period_start, machine_id`
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/
// A relation name: dotted parts, each a plain identifier or a double-quoted one.
const RELATION = /^(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+"))*$/

function instantLiteral(name: string, value: string): string {
  if (!INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`kpiSql: ${name} must be an ISO instant with Z or an offset, not '${value}'`)
  }
  return `TIMESTAMPTZ ${quoteLiteral(value)}`
}

function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`kpiSql: plantTz must be an IANA time zone, not '${tz}'`)
    throw error
  }
}

function relations(given: Partial<KpiRelations> | undefined): KpiRelations {
  const all = { ...defaultKpiRelations, ...given }
  for (const [dataset, name] of Object.entries(all)) {
    if (!RELATION.test(name)) throw new Error(`kpiSql: relation for ${dataset} must be a (schema-qualified) name, not '${name}'`)
  }
  return all
}
