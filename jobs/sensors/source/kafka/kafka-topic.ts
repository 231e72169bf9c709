/**
 * Subscribing to a topic that does not exist fails in kafkajs even where the broker would
 * auto-create it: the sensor topic and the dead-letter topic are created (broker defaults) when
 * missing, with a warning, or the start fails naming the topic.
 */
import type { Admin } from 'kafkajs'
import type { JobLogger } from '../../../job-logger.ts'

export async function ensureTopic(admin: Admin, topic: string, logger: JobLogger): Promise<void> {
  try {
    const topics = await admin.listTopics()
    if (topics.includes(topic)) return
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true })
    logger.warn({ topic }, `Kafka topic ${topic} did not exist and was created with the broker's defaults`)
  } catch (error) {
    throw new Error(`cannot use Kafka topic ${topic}: ${(error as Error).message}`, { cause: error })
  }
}
