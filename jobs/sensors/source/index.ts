/**
 * Where readings come from, behind one port (./sensor-source.ts): Kafka in plant mode
 * (./kafka/), the NAB replay in the embedded mode (./replay/), and a source for tests
 * (./test-source.ts). Also the Kafka client settings every Kafka client of the cockpit shares,
 * and `cockpit replay`'s publisher.
 */
export type { RawMessage, SensorSource, SourceSink } from './sensor-source.ts'
export { kafkaClientConfig, type KafkaConnection, type KafkaSecurity, type SaslMechanism } from './kafka/kafka-client.ts'
export { kafkaLog } from './kafka/kafka-log.ts'
export { probeKafka, type KafkaProbeOptions, type KafkaProbeResult } from './kafka/kafka-probe.ts'
export { kafkaSource, type KafkaSourceOptions } from './kafka/kafka-source.ts'
export { ensureTopic } from './kafka/kafka-topic.ts'
export { publishRecording, readRecording, type ReplayPublishOptions } from './replay/replay-publisher.ts'
export { replaySource, type ReplayOptions, type ReplaySource } from './replay/replay-source.ts'
export { leasedReplay, REPLAY_JOB, type KeepReplayLease, type LeasedReplay } from './replay/leased-replay.ts'
export { loadSeries, MACHINE_TEMPERATURE_CSV } from './replay/replay-series.ts'
export { testSource, type TestSource, type TestSourceOptions } from './test-source.ts'
