/** Quarantine and dead letters: where the messages the contract rejects go besides their quarantine rows. */
export type { DeadLetter, DeadLetterSink } from './dead-letters.ts'
export { deadLetterHeaders, openKafkaDeadLetters, type DeadLetterHeaders, type KafkaDeadLettersOptions } from './kafka-dead-letters.ts'
