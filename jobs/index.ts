/** The jobs' public surface: sources, their probes, and (later) the scheduler and pipelines. */
export { probeKafka, type KafkaProbeOptions, type KafkaProbeResult } from './sensors/kafka-probe.ts'
export { withDeadline, DeadlineError } from './deadline.ts'
