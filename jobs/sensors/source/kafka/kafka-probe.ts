/**
 * Checks that a Kafka cluster answers, for the start-up preflight and /api/health.
 * kafkajs retries and logs at length by default; a probe wants one quick, quiet answer.
 */
import { Kafka, logLevel } from 'kafkajs'
import { withDeadline } from '../../../deadline.ts'
import { kafkaClientConfig, type KafkaSecurity } from './kafka-client.ts'

export interface KafkaProbeOptions {
  brokers: string[]
  security?: KafkaSecurity
  timeoutMs: number
}

export interface KafkaProbeResult {
  brokers: number
  controller: number | null
}

export async function probeKafka(options: KafkaProbeOptions): Promise<KafkaProbeResult> {
  const kafka = new Kafka(
    kafkaClientConfig('plant-cockpit-probe', options, {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }),
  )
  const admin = kafka.admin()
  const what = `Kafka at ${options.brokers.join(',')}`
  try {
    const cluster = await withDeadline(
      admin.connect().then(() => admin.describeCluster()),
      options.timeoutMs,
      what,
    )
    return { brokers: cluster.brokers.length, controller: cluster.controller }
  } catch (error) {
    throw new Error(`${what} is not reachable: ${(error as Error).message}`, { cause: error })
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}
