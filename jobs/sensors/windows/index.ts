/**
 * Event-time windows: one-minute tumbling windows per sensor and the watermark (./windows.ts),
 * the live windows of parsed blocks (./live-tracker.ts) and their columns across threads
 * (./live-columns.ts). Pure. The windows committed to the catalog are computed in SQL by
 * ../commit/sensor-batch.ts with the same rules.
 */
export { liveTransfer, packLiveUpdate, unpackLiveUpdate, type LiveColumns } from './live-columns.ts'
export { LiveTracker, type LiveUpdate } from './live-tracker.ts'
export { Windowing, type AddOutcome, type OpenWindow, type SensorWindows, type WindowAggregate, type WindowingOptions } from './windows.ts'
