/**
 * The sensor message contract: one JSON object per Kafka message,
 * `{"sensor_id": "M07-T1", "machine_id": "M07", "ts": "2026-11-25T10:00:00.123Z", "temperature": 71.3, "unit": "C"}`.
 * Pure: a payload in, a validated reading (in °C, UTC) or the reason it is rejected out.
 */
import { z } from 'zod'
import { ABSENT, MACHINE_ID, NUMBER, SENSOR_ID, STRING, TEMPERATURE, TS, UNIT, type FlatJsonScan } from './flat-json-scan.ts'
import { canonicalUtcBytes, parseIsoTimestamp } from './iso-timestamp.ts'

export interface SensorReading {
  sensorId: string
  machineId: string | null
  /** Event time, epoch milliseconds (UTC). */
  ts: number
  temperatureC: number
}

export type ParsedMessage = { reading: SensorReading } | { reject: string }

export interface ParseOptions {
  /** Receive time, epoch ms: a timestamp more than `maxFutureMs` after it is rejected. */
  now: number
  maxFutureMs?: number
  /** Machine of a sensor when the message does not say. */
  machineOf?: (sensorId: string) => string | undefined
}

const UNITS = { C: (t: number) => t, F: (t: number) => ((t - 32) * 5) / 9, K: (t: number) => t - 273.15 } as const
const ABSOLUTE_ZERO_C = -273.15

const message = z.looseObject({
  sensor_id: z.string({ error: 'missing sensor_id' }).trim().min(1, 'missing sensor_id'),
  machine_id: z.string().trim().min(1).optional().nullable(),
  ts: z.union([z.string(), z.number()], { error: 'missing ts' }),
  // Checked by hand below: zod's number type folds 'not a number' and 'infinite' into one message.
  temperature: z.unknown().optional(),
  unit: z.string().optional(),
})

export function parseSensorMessage(payload: string | Buffer | null, options: ParseOptions): ParsedMessage {
  if (payload === null) return { reject: 'empty message' }
  let json: unknown
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))
  } catch {
    return { reject: 'not JSON' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { reject: 'not a JSON object' }
  let body = wellFormed(json as Record<string, unknown>)
  if (body === undefined) {
    const parsed = message.safeParse(json)
    if (!parsed.success) return { reject: parsed.error.issues[0]?.message ?? 'invalid message' }
    body = parsed.data
  }
  if (body.temperature === undefined || body.temperature === null) return { reject: 'missing temperature' }

  const ts = parseTimestamp(body.ts)
  if (ts === undefined) return { reject: `ts is not an ISO-8601 timestamp with a zone or epoch milliseconds (${JSON.stringify(body.ts)})` }
  if (ts > options.now + (options.maxFutureMs ?? 300_000)) return { reject: `ts is more than 5 minutes in the future (${new Date(ts).toISOString()})` }

  const unit = (body.unit ?? 'C').toUpperCase()
  if (!(unit in UNITS)) return { reject: `unknown unit ${JSON.stringify(body.unit)} (expected C, F or K)` }
  if (typeof body.temperature !== 'number') return { reject: 'temperature is not a number' }
  if (!Number.isFinite(body.temperature)) return { reject: 'temperature is not a finite number' }
  const temperatureC = UNITS[unit as keyof typeof UNITS](body.temperature)
  if (temperatureC < ABSOLUTE_ZERO_C) return { reject: `temperature is below absolute zero (${body.temperature} ${unit})` }

  const machineId = body.machine_id ?? options.machineOf?.(body.sensor_id) ?? null
  return { reading: { sensorId: body.sensor_id, machineId, ts, temperatureC } }
}

type MessageBody = z.infer<typeof message>

/** Event time and °C of a message the scanned path accepted. */
export interface ScannedReading {
  ts: number
  temperatureC: number
}

/**
 * The contract for a message the byte scanner read (./flat-json-scan.ts), without a string or
 * an object per message: true, with `out` filled, only when parseSensorMessage would accept it
 * with this event time and temperature (its ids are the scanned spans as they are, trimmed and
 * non-empty; an absent machine_id is null). False means "not sure" — a reject, an id to trim, a
 * timestamp in another form — and the caller asks parseSensorMessage, which alone gives reasons.
 * Tested side by side with parseSensorMessage on many shapes.
 */
export function acceptScanned(scan: FlatJsonScan, bytes: Uint8Array, options: ParseOptions, out: ScannedReading): boolean {
  const { kind, start, end, number } = scan
  if (kind[SENSOR_ID] !== STRING || !trimmedNonEmpty(bytes, start[SENSOR_ID]!, end[SENSOR_ID]!)) return false
  if (kind[MACHINE_ID] !== ABSENT && (kind[MACHINE_ID] !== STRING || !trimmedNonEmpty(bytes, start[MACHINE_ID]!, end[MACHINE_ID]!))) return false
  let ts: number | undefined
  if (kind[TS] === STRING) ts = Number.isNaN(scan.tsMs) ? canonicalUtcBytes(bytes, start[TS]!, end[TS]!) : scan.tsMs
  else if (kind[TS] === NUMBER && Number.isFinite(number[TS]) && number[TS]! > 0) ts = number[TS]!
  if (ts === undefined || ts > options.now + (options.maxFutureMs ?? 300_000)) return false
  let convert: (t: number) => number = UNITS.C
  if (kind[UNIT] !== ABSENT) {
    if (kind[UNIT] !== STRING || end[UNIT]! - start[UNIT]! !== 1) return false
    const letter = bytes[start[UNIT]!]! & ~0x20 // ASCII upper case
    if (letter === 0x46 /* F */) convert = UNITS.F
    else if (letter === 0x4b /* K */) convert = UNITS.K
    else if (letter !== 0x43 /* C */) return false
  }
  if (kind[TEMPERATURE] !== NUMBER || !Number.isFinite(number[TEMPERATURE])) return false
  const temperatureC = convert(number[TEMPERATURE]!)
  if (temperatureC < ABSOLUTE_ZERO_C) return false
  out.ts = ts
  out.temperatureC = temperatureC
  return true
}

/** As `id.trim() === id && id.length > 0` for the scanner's strings (printable ASCII: only the space trims). */
function trimmedNonEmpty(bytes: Uint8Array, from: number, to: number): boolean {
  return to > from && bytes[from] !== 0x20 && bytes[to - 1] !== 0x20
}

/**
 * The schema's answer for a message whose fields already have their final form (no spaces to
 * trim, nothing missing) — nearly every message — without running zod, which was a tenth of
 * the consumer's time at 50,000 messages/s. Anything else (undefined here) goes through the
 * schema, which says what is wrong; so both paths accept exactly the same messages.
 */
function wellFormed(json: Record<string, unknown>): MessageBody | undefined {
  const { sensor_id: sensorId, machine_id: machineId, ts, unit } = json
  if (typeof sensorId !== 'string' || sensorId.length === 0 || sensorId.trim() !== sensorId) return undefined
  if (machineId !== undefined && machineId !== null && (typeof machineId !== 'string' || machineId.length === 0 || machineId.trim() !== machineId)) return undefined
  if (typeof ts !== 'string' && typeof ts !== 'number') return undefined
  if (unit !== undefined && typeof unit !== 'string') return undefined
  return json as MessageBody
}

/** ISO-8601 with `Z` or an offset (./iso-timestamp.ts), or epoch milliseconds. */
function parseTimestamp(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined
  return parseIsoTimestamp(value)
}
