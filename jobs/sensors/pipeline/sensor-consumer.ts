/**
 * Plant mode's pipeline: the Kafka source, the dead-letter topic when one is set, and the one
 * sensor pipeline (./sensor-pipeline.ts) — what `cockpit start` runs with COCKPIT_KAFKA_BROKERS,
 * and what the Kafka tests and the `sensors` benchmark start.
 */
import { openKafkaDeadLetters } from '../quarantine/index.ts'
import { kafkaSource, type KafkaSecurity } from '../source/index.ts'
import { startSensorPipeline, type SensorPipeline, type SensorPipelineOptions } from './sensor-pipeline.ts'

export interface SensorConsumerOptions extends Omit<SensorPipelineOptions, 'source' | 'deadLetters'> {
  brokers: string[]
  security?: KafkaSecurity
  topic: string
  group: string
  /** Also produce every rejected message here (see ../quarantine/kafka-dead-letters.ts). */
  dlqTopic?: string
}

export type SensorConsumer = SensorPipeline

export async function startSensorConsumer(options: SensorConsumerOptions): Promise<SensorConsumer> {
  const { brokers, security, topic, group, dlqTopic, ...pipeline } = options
  const connection = { brokers, security, logger: options.logger }
  const deadLetters = dlqTopic === undefined ? undefined : await openKafkaDeadLetters({ ...connection, topic: dlqTopic, sourceTopic: topic })
  const source = kafkaSource({ ...connection, topic, group })
  return startSensorPipeline({ ...pipeline, source, deadLetters })
}
