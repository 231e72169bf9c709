/**
 * The four MES datasets and their canonical columns: type, whether required, natural key and
 * the checks a value must pass. Pure data; the cleaning SQL is generated from it
 * (./cleaning-sql.ts), so a rule lives in exactly one place.
 */

export type ColumnKind = 'text' | 'integer' | 'number' | 'timestamp' | 'enum' | 'boolean'

export interface ColumnSpec {
  name: string
  kind: ColumnKind
  required: boolean
  /** For integer and number columns. */
  min?: number
  /** True when zero itself is not allowed (ideal cycle time). */
  positive?: boolean
  /** For enum columns: allowed values (matched case-insensitively, stored upper case). */
  values?: readonly string[]
}

export interface DatasetSpec {
  name: DatasetName
  columns: readonly ColumnSpec[]
  /** Natural key: the latest version of a key wins. */
  key: readonly string[]
  /** [start, end] columns that must be ordered (end not before start). */
  interval?: readonly [string, string]
  /** The timestamp that places a row in a day or hour (for KPI rebuilds and freshness). */
  eventTime: string
}

export const DATASET_NAMES = ['orders', 'machine_states', 'production_counts', 'quality_inspections'] as const
export type DatasetName = (typeof DATASET_NAMES)[number]

export const MACHINE_STATES = ['RUNNING', 'IDLE', 'DOWN', 'PLANNED_STOP'] as const
export const INSPECTION_RESULTS = ['PASS', 'FAIL'] as const

const text = (name: string, required = false): ColumnSpec => ({ name, kind: 'text', required })
const time = (name: string): ColumnSpec => ({ name, kind: 'timestamp', required: true })
const count = (name: string, required: boolean): ColumnSpec => ({ name, kind: 'integer', required, min: 0 })

export const datasets: Record<DatasetName, DatasetSpec> = {
  orders: {
    name: 'orders',
    columns: [
      text('order_id', true),
      text('product_id'),
      text('machine_id'),
      count('planned_qty', false),
      { name: 'ideal_cycle_time_s', kind: 'number', required: false, min: 0, positive: true },
      time('planned_start'),
      time('planned_end'),
    ],
    key: ['order_id'],
    interval: ['planned_start', 'planned_end'],
    eventTime: 'planned_start',
  },
  machine_states: {
    name: 'machine_states',
    columns: [
      text('machine_id', true),
      { name: 'state', kind: 'enum', required: true, values: MACHINE_STATES },
      time('start_time'),
      time('end_time'),
      text('reason_code'),
    ],
    key: ['machine_id', 'start_time'],
    interval: ['start_time', 'end_time'],
    eventTime: 'start_time',
  },
  production_counts: {
    name: 'production_counts',
    columns: [
      text('machine_id', true),
      text('order_id'),
      text('product_id'),
      time('period_start'),
      time('period_end'),
      count('good_count', true),
      count('scrap_count', true),
    ],
    key: ['machine_id', 'period_start'],
    interval: ['period_start', 'period_end'],
    eventTime: 'period_start',
  },
  quality_inspections: {
    name: 'quality_inspections',
    columns: [
      text('inspection_id', true),
      text('machine_id'),
      text('order_id'),
      time('inspected_at'),
      { name: 'result', kind: 'enum', required: true, values: INSPECTION_RESULTS },
      text('defect_code'),
      { name: 'rework', kind: 'boolean', required: false },
    ],
    key: ['inspection_id'],
    eventTime: 'inspected_at',
  },
}

export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(value)
}
