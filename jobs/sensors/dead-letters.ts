/**
 * The dead-letter topic: each rejected sensor message is produced there as it arrived (same key
 * and value), with why and where from in headers. The consumer sends a batch's rejects before
 * that batch can be committed, so a crash re-delivers them (a dead letter may then appear twice)
 * and never loses one.
 */
import type { KafkaMessage, Producer } from 'kafkajs'

export interface DeadLetter {
  message: Pick<KafkaMessage, 'key' | 'value' | 'offset'>
  partition: number
  reason: string
}

export interface DeadLetterHeaders {
  reason: string
  'source-topic': string
  'source-partition': string
  'source-offset': string
}

export function deadLetterHeaders(sourceTopic: string, letter: DeadLetter): DeadLetterHeaders {
  return { reason: letter.reason, 'source-topic': sourceTopic, 'source-partition': String(letter.partition), 'source-offset': letter.message.offset }
}

export async function sendDeadLetters(producer: Producer, topic: string, sourceTopic: string, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return
  await producer.send({
    topic,
    messages: letters.map((letter) => ({ key: letter.message.key, value: letter.message.value, headers: { ...deadLetterHeaders(sourceTopic, letter) } })),
  })
}
