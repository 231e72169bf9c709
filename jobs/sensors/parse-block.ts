/**
 * Parses a packed block of Kafka values (./message-block.ts) into columns of readings and a list
 * of rejects. Pure — the parser thread runs it, and tests call it directly. Each value goes
 * through the one message contract (./sensor-message.ts), so the thread accepts and rejects
 * exactly what the contract does.
 */
import type { LiveTracker, LiveUpdate } from './live-tracker.ts'
import type { MessageBlock } from './message-block.ts'
import { ReadingChunkBuilder, type ReadingChunk } from './reading-chunk.ts'
import type { SensorIdPair, SensorIds } from './sensor-ids.ts'
import { parseSensorMessage } from './sensor-message.ts'

export interface BlockReject {
  /** Index of the message in the block. */
  index: number
  offset: number
  payload: string
  reason: string
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

export function parseBlock(block: MessageBlock, ids: SensorIds, options: { maxFutureMs?: number; tracker?: LiveTracker } = {}): ParsedBlock {
  const { tracker } = options
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length)
  const idsFrom = ids.size
  const readings = new ReadingChunkBuilder(block.partition, block.offsets.length)
  const rejects: BlockReject[] = []
  const parseOptions = { now: block.now, maxFutureMs: options.maxFutureMs }
  for (let i = 0; i < block.offsets.length; i++) {
    const start = block.starts[i]!
    const payload = start < 0 ? null : bytes.toString('utf8', start, block.ends[i]!)
    const parsed = parseSensorMessage(payload, parseOptions)
    if ('reading' in parsed) {
      const { reading } = parsed
      readings.add(ids.code(reading.sensorId, reading.machineId), reading.ts, reading.temperatureC, block.offsets[i]!)
      tracker?.add(reading)
    } else {
      rejects.push({ index: i, offset: block.offsets[i]!, payload: payload ?? '', reason: parsed.reject })
    }
  }
  return { partition: block.partition, readings: readings.finish(), maxTs: readings.maxTs, rejects, idsFrom, newIds: ids.since(idsFrom), live: tracker?.take() }
}

/** The buffers of a parsed block, to transfer with it. */
export function parsedTransfer(parsed: ParsedBlock): ArrayBuffer[] {
  const { codes, ts, temperatureC, offsets } = parsed.readings
  return [codes.buffer, ts.buffer, temperatureC.buffer, offsets.buffer] as ArrayBuffer[]
}
