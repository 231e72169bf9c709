/**
 * Inputs for the tests of alerts/: readings of one sensor at a fixed step, and ticks. Not
 * exported from index.ts; test code only.
 */
import type { AlertInput, ReadingInput, TickInput } from '../input.ts'

export const T0 = Date.UTC(2026, 0, 1)
export const MINUTE = 60_000

export function reading(minute: number, value: number, labels: Partial<ReadingInput> = {}): ReadingInput {
  return { kind: 'reading', ts: T0 + minute * MINUTE, machine_id: 'M07', sensor_id: 'M07-T1', temperature_c: value, ...labels }
}

export function tick(minute: number): TickInput {
  return { kind: 'tick', ts: T0 + minute * MINUTE }
}

/** One reading a minute from minute 0, one per value. */
export function series(values: readonly number[], labels: Partial<ReadingInput> = {}): AlertInput[] {
  return values.map((value, minute) => reading(minute, value, labels))
}
