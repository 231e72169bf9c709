/**
 * The dead-letter topic: each rejected sensor message is produced there as it arrived (same key
 * and value), with why and where from in headers. Consumers of it should key on the source
 * topic, partition and offset: a crash between the send and the catalog commit sends it again.
 */
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs'
import type { JobLogger } from '../../job-logger.ts'
import { ensureTopic, kafkaClientConfig, kafkaLog, type KafkaConnection } from '../source/index.ts'
import type { DeadLetter, DeadLetterSink } from './dead-letters.ts'

export interface KafkaDeadLettersOptions extends KafkaConnection {
  /** The dead-letter topic (created with the broker's defaults if missing). */
  topic: string
  /** The topic the rejected messages were read from. */
  sourceTopic: string
  logger: JobLogger
}

export interface DeadLetterHeaders {
  reason: string
  'source-topic': string
  'source-partition': string
  'source-offset': string
}

export function deadLetterHeaders(sourceTopic: string, letter: DeadLetter): DeadLetterHeaders {
  return { reason: letter.reason, 'source-topic': sourceTopic, 'source-partition': String(letter.partition), 'source-offset': letter.offset }
}

export async function openKafkaDeadLetters(options: KafkaDeadLettersOptions): Promise<DeadLetterSink> {
  const kafka = new Kafka(kafkaClientConfig('plant-cockpit', options, { logLevel: logLevel.WARN, logCreator: kafkaLog(options.logger) }))
  const admin = kafka.admin()
  await admin.connect()
  try {
    await ensureTopic(admin, options.topic, options.logger)
  } finally {
    await admin.disconnect()
  }
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  return {
    send: async (letters) => {
      if (letters.length === 0) return
      await producer.send({
        topic: options.topic,
        messages: letters.map((letter) => ({ key: letter.key, value: letter.value, headers: { ...deadLetterHeaders(options.sourceTopic, letter) } })),
      })
    },
    close: () => producer.disconnect(),
  }
}
