/** The jobs' public surface: sources and their probes, MES ingestion, KPI builds, job runs. */
export { withDeadline, DeadlineError } from './deadline.ts'
export { ingestMes, MES_JOB, type MesIngestOptions, type MesIngestSummary } from './mes/ingest-mes.ts'
export { loadMapping, type Mapping } from './mes/mapping.ts'
export { DATASET_NAMES, datasets, type DatasetName } from './mes/datasets.ts'
export { DUMP_SCHEMA_CHECK, SCHEMA_DRIFT_CHECK } from './mes/schema-drift.ts'
export { buildKpis, KPI_TABLES } from './kpi/build-kpis.ts'
export { KPI_JOB, runKpiRebuild, type KpiRebuildOptions, type KpiRebuildSummary } from './kpi/kpi-rebuild-job.ts'
export { failAbandonedRuns, listRuns, type JobProgress, type JobRun } from './job-runs.ts'
export { failLeaselessRuns, leaselessRuns } from './job-takeover.ts'
export { checkLease, fencedEffects, LeaseLostError, unleased, type LeaseGuard } from './lease-guard.ts'
export { keepLease, type KeepLeaseOptions, type KeptLease, type LeasedWork } from './lease-keeper.ts'
export { acquireLease, appDbJobLeases, getLease, processHolder, leaseState, nextGeneration, releaseLease, renewLease, runWithLease, type Lease, type LeasedRun, type LeaseState } from './job-leases.ts'
export { silentLogger, type JobLogger } from './job-logger.ts'
export { openDuckDbSession, type DuckDbSession } from './duckdb-session.ts'
export { createScheduler, JobRunningElsewhereError, leaseRetryDelay, type JobLeases, type JobTrigger, type Scheduler, type ScheduledJob } from './scheduler.ts'
export { fillLanding, runSimulator, SIMULATOR_JOB, type SimulatorRunSummary } from './simulator/index.ts'
export { rebuildDataset, rebuildTable, type DatasetRebuild, type KpiRebuild, type RebuildDatasetOptions, type RebuildOptions } from './mes/rebuild.ts'
export { compactCatalog, rebuildCatalogTable, vacuumCatalog, COMPACT_JOB, REBUILD_JOB, VACUUM_JOB, type CompactionSummary } from './maintenance.ts'
export type { JobRunContext } from './run-job.ts'
export {
  CounterRate,
  kafkaClientConfig,
  kafkaSource,
  LiveHub,
  openKafkaDeadLetters,
  probeKafka,
  publishRecording,
  readingsTable,
  readRecording,
  replaySource,
  leasedReplay,
  REPLAY_JOB,
  type LeasedReplay,
  startSensorConsumer,
  openBatchCommitter,
  startSensorPipeline,
  startWindowFeed,
  testSource,
  type BatchCommitter,
  type DeadLetterSink,
  type KafkaConnection,
  type KafkaProbeOptions,
  type KafkaProbeResult,
  type KafkaSecurity,
  type LiveEvent,
  type LiveFilter,
  type LiveSensor,
  type ReplayPublishOptions,
  type ReplaySource,
  type RuleEvaluator,
  type RuleReadings,
  type SaslMechanism,
  type SensorConsumer,
  type SensorPipeline,
  type SensorSource,
  type WindowAggregate,
  type WindowFeed,
} from './sensors/index.ts'
