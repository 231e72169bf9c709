/**
 * The sensor stream, one folder per step of the path every reading takes (docs/sensors.md):
 *
 *   source/      Kafka, the embedded replay, a test source — behind one port
 *   contract/    the message contract: a delivered batch → readings as columns + rejects
 *   quarantine/  dead letters of the rejects (their quarantine rows are committed with the batch)
 *   windows/     event-time windows and the live windows of each block
 *   live/        the live hub (SSE) and the live windows shared between instances
 *   commit/      micro-batches committed once with their offsets: readings, quarantine, windows
 *   rules/       where rule evaluation joins (a no-op until rules exist)
 *   pipeline/    the path itself, wiring the steps for any source
 */
export { kafkaClientConfig, kafkaSource, loadSeries, probeKafka, publishRecording, readRecording, replaySource, testSource, leasedReplay, REPLAY_JOB, type KeepReplayLease, type LeasedReplay } from './source/index.ts'
export type { KafkaConnection, KafkaProbeOptions, KafkaProbeResult, KafkaSecurity, KafkaSourceOptions, RawMessage, ReplayOptions, ReplayPublishOptions, ReplaySource, SaslMechanism, SensorSource, SourceSink, TestSource, TestSourceOptions } from './source/index.ts'
export { parseSensorMessage, type SensorReading } from './contract/index.ts'
export { openKafkaDeadLetters, type DeadLetter, type DeadLetterSink } from './quarantine/index.ts'
export type { WindowAggregate } from './windows/index.ts'
export { LiveHub, startWindowFeed, type LiveEvent, type LiveFilter, type LiveSensor, type WindowFeed } from './live/index.ts'
export { openBatchCommitter, readingsTable, windowsTable, type BatchCommitter } from './commit/index.ts'
export { noRules, type RuleEvaluator, type RuleReadings } from './rules/index.ts'
export { CounterRate, startSensorConsumer, startSensorPipeline, type SensorConsumer, type SensorConsumerOptions, type SensorPipeline, type SensorPipelineOptions, type SensorPipelineStats } from './pipeline/index.ts'
