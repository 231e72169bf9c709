/**
 * Parses a packed block of Kafka values (./message-block.ts) into columns of readings and a list
 * of rejects. Pure — the parser thread runs it, and tests call it directly. Each value goes
 * through the one message contract (./sensor-message.ts), so the thread accepts and rejects
 * exactly what the contract does: a flat message is read from its bytes (./flat-json-scan.ts,
 * `acceptScanned`, ids coded from their bytes by ./sensor-id-bytes.ts) when the contract's
 * scanned path vouches for it; every other value is decoded and parsed by parseSensorMessage.
 */
import { FlatJsonScan, MACHINE_ID, SENSOR_ID, STRING } from './flat-json-scan.ts'
import type { LiveTracker, LiveUpdate } from '../windows/index.ts'
import type { MessageBlock } from './message-block.ts'
import { ReadingChunkBuilder, type ReadingChunk } from './reading-chunk.ts'
import { SensorIdBytes } from './sensor-id-bytes.ts'
import type { SensorIdPair, SensorIds } from './sensor-ids.ts'
import { acceptScanned, parseSensorMessage, type ScannedReading, type SensorReading } from './sensor-message.ts'

export interface BlockReject {
  offset: number
  payload: string
  reason: string
  /** The message's key and value bytes as they arrived (copies), for its dead letter. */
  key: Uint8Array | null
  value: Uint8Array | null
}

export interface ParsedBlock {
  partition: number
  readings: ReadingChunk
  /** Largest event time among the readings (−Infinity without any). */
  maxTs: number
  rejects: BlockReject[]
  /** Pairs the parser's dictionary assigned for this block, from code `idsFrom` on. */
  idsFrom: number
  newIds: SensorIdPair[]
  /** With a tracker: the live update of the block's readings. */
  live?: LiveUpdate
}

export interface ParseBlockOptions {
  maxFutureMs?: number
  tracker?: LiveTracker
  /** Codes by bytes over `ids`; keep one per dictionary (the parser thread does) so it learns the ids once. */
  idBytes?: SensorIdBytes
}

const scan = new FlatJsonScan()
const scanned: ScannedReading = { ts: 0, temperatureC: 0 }
/** Handed to the tracker, which keeps none of it: one object for every scanned reading. */
const live: SensorReading = { sensorId: '', machineId: null, ts: 0, temperatureC: 0 }

export function parseBlock(block: MessageBlock, ids: SensorIds, options: ParseBlockOptions = {}): ParsedBlock {
  const { tracker } = options
  const idBytes = options.idBytes ?? new SensorIdBytes(ids)
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length)
  const idsFrom = ids.size
  const readings = new ReadingChunkBuilder(block.partition, block.offsets.length)
  const rejects: BlockReject[] = []
  const parseOptions = { now: block.now, maxFutureMs: options.maxFutureMs }
  for (let i = 0; i < block.offsets.length; i++) {
    const start = block.starts[i]!
    if (start >= 0 && scan.scan(bytes, start, block.ends[i]!) && acceptScanned(scan, bytes, parseOptions, scanned)) {
      const hasMachine = scan.kind[MACHINE_ID] === STRING
      const code = idBytes.code(bytes, scan.start[SENSOR_ID]!, scan.end[SENSOR_ID]!, hasMachine ? scan.start[MACHINE_ID]! : -1, hasMachine ? scan.end[MACHINE_ID]! : -1)
      readings.add(code, scanned.ts, scanned.temperatureC, block.offsets[i]!)
      if (tracker !== undefined) {
        const [sensorId, machineId] = ids.pair(code)
        live.sensorId = sensorId
        live.machineId = machineId
        live.ts = scanned.ts
        live.temperatureC = scanned.temperatureC
        tracker.addCoded(code, live)
      }
      continue
    }
    const payload = start < 0 ? null : bytes.toString('utf8', start, block.ends[i]!)
    const parsed = parseSensorMessage(payload, parseOptions)
    if ('reading' in parsed) {
      const { reading } = parsed
      readings.add(ids.code(reading.sensorId, reading.machineId), reading.ts, reading.temperatureC, block.offsets[i]!)
      tracker?.add(reading)
    } else {
      const keyStart = block.keyStarts[i]!
      rejects.push({
        offset: block.offsets[i]!,
        payload: payload ?? '',
        reason: parsed.reject,
        key: keyStart < 0 ? null : block.bytes.slice(keyStart, block.keyEnds[i]!),
        value: start < 0 ? null : block.bytes.slice(start, block.ends[i]!),
      })
    }
  }
  return { partition: block.partition, readings: readings.finish(), maxTs: readings.maxTs, rejects, idsFrom, newIds: ids.since(idsFrom), live: tracker?.take() }
}

/** The buffers of a parsed block, to transfer with it. */
export function parsedTransfer(parsed: ParsedBlock): ArrayBuffer[] {
  const { codes, ts, temperatureC, offsets } = parsed.readings
  return [codes.buffer, ts.buffer, temperatureC.buffer, offsets.buffer] as ArrayBuffer[]
}
