/**
 * The simulator's clean row shapes, one per MES dataset, with the canonical column names of
 * ../mes/datasets.ts. Timestamps are ISO-8601 UTC strings; absent optional values are null.
 */
import type { DatasetName } from '../mes/datasets.ts'

export type MachineState = 'RUNNING' | 'IDLE' | 'DOWN' | 'PLANNED_STOP'

export interface OrderRow {
  order_id: string
  product_id: string
  machine_id: string
  planned_qty: number
  ideal_cycle_time_s: number
  planned_start: string
  planned_end: string
}

export interface MachineStateRow {
  machine_id: string
  state: MachineState
  start_time: string
  end_time: string
  reason_code: string | null
}

export interface ProductionCountRow {
  machine_id: string
  order_id: string
  product_id: string
  period_start: string
  period_end: string
  good_count: number
  scrap_count: number
}

export interface QualityInspectionRow {
  inspection_id: string
  machine_id: string
  order_id: string
  inspected_at: string
  result: 'PASS' | 'FAIL'
  defect_code: string | null
  rework: boolean
}

/** One plant-local day of all four datasets. */
export interface PlantDay {
  orders: OrderRow[]
  machine_states: MachineStateRow[]
  production_counts: ProductionCountRow[]
  quality_inspections: QualityInspectionRow[]
}

/** A row as it may appear in a dump once dirt is applied: any keys, any values. */
export type LooseRow = Record<string, unknown>

export type DayRows<Row> = Record<DatasetName, Row[]>
