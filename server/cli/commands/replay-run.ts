/** `cockpit replay <csv>`: publish a recorded temperature series to Kafka as sensor messages. */
import { resolve } from 'node:path'
import { publishRecording } from '../../../jobs/index.ts'
import { kafkaConnection } from '../../kafka-connection.ts'
import type { CommandContext, CommandRun } from '../command.ts'
import { UsageError } from '../usage-error.ts'

export const runReplayCommand: CommandRun = async (context: CommandContext) => {
  const settings = context.settings()
  const brokers = typeof context.flags.brokers === 'string' ? context.flags.brokers.split(',').map((b) => b.trim()) : settings.kafkaBrokers
  if (brokers === undefined || brokers.length === 0) throw new UsageError('no Kafka brokers: give --brokers or set COCKPIT_KAFKA_BROKERS')
  const topic = typeof context.flags.topic === 'string' ? context.flags.topic : settings.kafkaTopic
  const started = Date.now()
  try {
    const sent = await publishRecording({
      file: resolve(context.args[0]!),
      ...kafkaConnection(settings, brokers),
      topic,
      speed: count(context.flags.speed, '--speed', 1),
      machines: Math.max(1, count(context.flags.machines, '--machines', 4)),
      limit: context.flags.limit === undefined ? undefined : count(context.flags.limit, '--limit', 0),
    })
    context.io.stdout(`published ${sent} messages to ${topic} on ${brokers.join(',')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return 0
  } catch (error) {
    context.io.stderr(`cockpit: replay failed: ${(error as Error).message}`)
    return 1
  }
}

function count(value: string | boolean | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0) throw new UsageError(`${flag} must be a number ≥ 0, got '${String(value)}'`)
  return number
}
