/**
 * Publishes a recorded series (NAB `timestamp,value` CSV) to Kafka as sensor messages, one
 * sensor per machine, for demos and tests. Speed 0 sends everything at once with the recorded
 * timestamps (read as UTC); speed N sends N steps a second stamped with the current time.
 */
import { readFileSync } from 'node:fs'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { kafkaClientConfig, type KafkaSecurity } from '../kafka/kafka-client.ts'
import { replayMessage } from './replay-message.ts'

export interface ReplayPublishOptions {
  file: string
  brokers: string[]
  security?: KafkaSecurity
  topic: string
  machines: number
  speed: number
  /** Stop after this many steps (each step is one message per machine). */
  limit?: number
  onProgress?: (sent: number) => void
}

interface RecordedPoint {
  ts: number
  value: number
}

export function readRecording(file: string): RecordedPoint[] {
  const lines = readFileSync(file, 'utf8').split('\n').slice(1)
  const points: RecordedPoint[] = []
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    const [timestamp, value] = line.split(',')
    const ts = Date.parse(`${timestamp?.trim().replace(' ', 'T')}Z`)
    const number = Number(value)
    if (Number.isNaN(ts) || !Number.isFinite(number)) throw new Error(`${file}, line ${index + 2}: expected "timestamp,value", got ${JSON.stringify(line)}`)
    points.push({ ts, value: number })
  }
  return points
}

export async function publishRecording(options: ReplayPublishOptions): Promise<number> {
  const points = readRecording(options.file)
  const steps = Math.min(points.length, options.limit ?? points.length)
  const kafka = new Kafka(kafkaClientConfig('cockpit-replay', options, { logLevel: logLevel.ERROR }))
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  let sent = 0
  try {
    const message = (step: number, machine: number) => {
      const point = points[(step + Math.floor((machine * points.length) / options.machines)) % points.length]!
      return replayMessage(machine, options.speed === 0 ? points[step]!.ts : Date.now(), point.value)
    }
    const chunk = options.speed === 0 ? 500 : 1
    for (let step = 0; step < steps; step += chunk) {
      const messages = []
      for (let s = step; s < Math.min(steps, step + chunk); s++) for (let m = 0; m < options.machines; m++) messages.push(message(s, m))
      await producer.send({ topic: options.topic, messages })
      sent += messages.length
      options.onProgress?.(sent)
      if (options.speed > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / options.speed))
    }
  } finally {
    await producer.disconnect()
  }
  return sent
}
