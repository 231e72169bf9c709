/**
 * Messages of the windows topic, through which instances of one consumer group share their live
 * state: a `live` snapshot of a sensor (latest reading and running window), keyed by sensor id so
 * that compaction keeps the newest, and a closed `window`, keyed by sensor id and window start.
 * The origin instance rides in a header, so an instance can skip its own.
 */
import { z } from 'zod'
import type { LiveSensor } from './live-hub.ts'
import type { WindowAggregate } from '../windows/index.ts'

const windowAggregate = z.object({
  sensorId: z.string().min(1),
  machineId: z.string().nullable(),
  windowStart: z.number(),
  windowEnd: z.number(),
  n: z.number().int().positive(),
  minC: z.number(),
  maxC: z.number(),
  avgC: z.number(),
  stddevC: z.number().nullable(),
  firstC: z.number(),
  lastC: z.number(),
})

const liveSensor = z.object({
  sensorId: z.string().min(1),
  machineId: z.string().nullable(),
  latest: z.object({ ts: z.number(), temperatureC: z.number() }),
  window: windowAggregate,
})

export type WindowMessage = { kind: 'live'; sensor: LiveSensor } | { kind: 'window'; window: WindowAggregate }

export interface EncodedWindowMessage {
  key: string
  value: string
  headers: { kind: 'live' | 'window'; origin: string }
}

export function encodeWindowMessage(message: WindowMessage, origin: string): EncodedWindowMessage {
  if (message.kind === 'live') return { key: message.sensor.sensorId, value: JSON.stringify(message.sensor), headers: { kind: 'live', origin } }
  const { window } = message
  return { key: `${window.sensorId}@${new Date(window.windowStart).toISOString()}`, value: JSON.stringify(window), headers: { kind: 'window', origin } }
}

export type DecodedWindowMessage = { origin: string; message: WindowMessage } | { error: string }

/** Parses one message of the topic; anything malformed is an error value naming what was wrong. */
export function decodeWindowMessage(value: Buffer | null, headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): DecodedWindowMessage {
  const kind = headers?.kind?.toString()
  const origin = headers?.origin?.toString()
  if (origin === undefined || origin === '') return { error: 'no origin header' }
  let body: unknown
  try {
    body = JSON.parse(value?.toString('utf8') ?? '')
  } catch {
    return { error: 'value is not JSON' }
  }
  if (kind === 'live') {
    const parsed = liveSensor.safeParse(body)
    return parsed.success ? { origin, message: { kind, sensor: parsed.data } } : { error: `live snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}` }
  }
  if (kind === 'window') {
    const parsed = windowAggregate.safeParse(body)
    return parsed.success ? { origin, message: { kind, window: parsed.data } } : { error: `window: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}` }
  }
  return { error: `unknown kind header ${JSON.stringify(kind ?? null)}` }
}
