/**
 * The catalog side: micro-batches of readings, rejects (the quarantine rows) and closed windows,
 * each committed once with the offsets it consumed (./sensor-batch.ts), one commit at a time
 * (./batch-committer.ts), when due (./commit-schedule.ts); the sensor tables (./tables.ts).
 */
export { openBatchCommitter, type BatchCommitter, type BatchCommitterOptions } from './batch-committer.ts'
export { CommitSchedule, type CommitScheduleOptions } from './commit-schedule.ts'
export { commitSensorBatch, SensorBatch, type BatchReject, type CommitBatchResult, type StreamPosition, type WindowClock } from './sensor-batch.ts'
export { readingsTable, SENSOR_TABLES, sensorQuarantineTable, windowsTable } from './tables.ts'
