/**
 * The columns of the KPI gold tables `kpi.machine_hourly` and `kpi.machine_daily`, in order,
 * with their DuckDB types. The catalog declares both tables from this list; ./kpi-sql.ts casts
 * every output column to exactly these types (its test checks the two agree).
 */

export interface KpiColumn {
  name: string
  type: string
}

export const kpiColumns: KpiColumn[] = [
  { name: 'machine_id', type: 'VARCHAR' },
  /** Start of the period (inclusive): a UTC hour, or local midnight of a plant-local day. */
  { name: 'period_start', type: 'TIMESTAMPTZ' },
  /** End of the period (exclusive); a plant-local day is 23, 24 or 25 hours long. */
  { name: 'period_end', type: 'TIMESTAMPTZ' },
  /** Plant-local date of period_start, for partitioning and filtering. */
  { name: 'day', type: 'DATE' },
  /** Time in RUNNING, IDLE or DOWN (PLANNED_STOP excluded), in seconds. */
  { name: 'planned_time_s', type: 'DOUBLE' },
  /** Time in RUNNING, in seconds. */
  { name: 'run_time_s', type: 'DOUBLE' },
  { name: 'availability', type: 'DOUBLE' },
  { name: 'total_count', type: 'BIGINT' },
  { name: 'good_count', type: 'BIGINT' },
  { name: 'scrap_count', type: 'BIGINT' },
  { name: 'performance', type: 'DOUBLE' },
  { name: 'quality', type: 'DOUBLE' },
  { name: 'oee', type: 'DOUBLE' },
  { name: 'utilization', type: 'DOUBLE' },
  { name: 'production_rate_per_h', type: 'DOUBLE' },
  { name: 'scrap_rate', type: 'DOUBLE' },
  { name: 'fpy', type: 'DOUBLE' },
  { name: 'inspections', type: 'BIGINT' },
]
