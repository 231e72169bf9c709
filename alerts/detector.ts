/**
 * The port every stream rule kind implements: per-series state, fed one value at a time in
 * event-time order (and clock ticks for the kinds that need them), answering with a Signal for
 * the shared lifecycle. A detector mutates its own state: evaluation folds 10,000 readings a
 * second live and millions in a backtest, so no copies per reading.
 */
import type { Signal } from './lifecycle.ts'

export interface Detector<R, S> {
  init(rule: R): S
  /** A value of the rule's field at event time `ts`; undefined while the detector warms up. */
  observe(rule: R, state: S, ts: number, value: number): Signal | undefined
  /** The event-time clock moved to `ts` without a value for this series. */
  tick?(rule: R, state: S, ts: number): Signal | undefined
}
