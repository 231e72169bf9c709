/**
 * What evaluators are fed, in event-time order: a reading, a closed one-minute window, a clock
 * tick (event time, so stale rules work the same live and in a backtest), or the rows of one run
 * of a SQL rule. Times are epoch milliseconds.
 */

/** The labels of a sensor series (docs/sensors.md: sensor_id, machine_id; line when known). */
export interface SeriesLabels {
  machine_id: string
  sensor_id: string
  line?: string
}

export interface ReadingInput extends SeriesLabels {
  kind: 'reading'
  ts: number
  temperature_c: number
}

/** A closed window of `sensors.windows_1m`; `ts` is its end, when it becomes known. */
export interface WindowInput extends SeriesLabels {
  kind: 'window'
  ts: number
  start: number
  n: number
  min_c: number
  max_c: number
  avg_c: number
  stddev_c: number
  first_c: number
  last_c: number
}

export interface TickInput {
  kind: 'tick'
  ts: number
}

/** One run of a SQL rule at `ts`: every row is a firing alert keyed by the rule's label columns. */
export interface RowsInput {
  kind: 'rows'
  ts: number
  rows: readonly Record<string, unknown>[]
}

export type AlertInput = ReadingInput | WindowInput | TickInput | RowsInput
export type SeriesInput = ReadingInput | WindowInput
