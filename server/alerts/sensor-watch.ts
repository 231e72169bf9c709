/**
 * What the sensor pipeline rules watch: the sensor stream's summary and the topic it reads. The
 * stream starts after the alert engine (the engine must exist to be fed), so the server hands
 * this over once the stream runs; until then, and in tests without a stream, those rules see
 * nothing rather than a silence that is not there.
 */
import type { SensorPipelineSummary } from '../sensors.ts'

export interface SensorWatch {
  /** The label the rules' alerts carry: the Kafka topic, or the embedded replay. */
  topic: string
  summary(): Promise<Pick<SensorPipelineSummary, 'readingsPerSecond' | 'consumerLag' | 'topicMessagesPerSecond'>>
}
