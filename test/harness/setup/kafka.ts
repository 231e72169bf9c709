/** Global setup: one real Kafka broker for the project's test files; they `inject('kafka')`. */
import type { TestProject } from 'vitest/node'
import { startKafka } from '../kafka.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    kafka: { brokers: string }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await startKafka()
  project.provide('kafka', { brokers: broker.brokers })
  return () => broker.stop()
}
