/**
 * The parser thread's entry point (started by ./parser-thread.ts): blocks of raw Kafka values
 * in, columns of readings and rejects out, in order. Its (sensor, machine) codes live as long as
 * the thread; the main thread mirrors them from each answer. With `workerData.live`, it also
 * runs the live windows of the readings (./live-tracker.ts) and answers each block's update.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { liveTransfer, packLiveUpdate, type LiveColumns } from './live-columns.ts'
import { LiveTracker } from './live-tracker.ts'
import type { MessageBlock } from './message-block.ts'
import { parseBlock, parsedTransfer, type ParsedBlock } from './parse-block.ts'
import { SensorIdBytes } from './sensor-id-bytes.ts'
import { SensorIds } from './sensor-ids.ts'

export interface ParserWorkerData {
  live?: { allowedLatenessMs?: number }
}

/** A parsed block as it crosses to the event loop: the live update as columns (./live-columns.ts). */
export type ParserAnswer = Omit<ParsedBlock, 'live'> & { live?: LiveColumns }

const ids = new SensorIds()
const idBytes = new SensorIdBytes(ids)
const { live } = (workerData ?? {}) as ParserWorkerData
const tracker = live === undefined ? undefined : new LiveTracker(live)
const port = parentPort
if (port === null) throw new Error('parser-worker.ts runs as a worker thread')
port.on('message', (block: MessageBlock) => {
  const { live: update, ...parsed } = parseBlock(block, ids, { tracker, idBytes })
  const live = update === undefined ? undefined : packLiveUpdate(update, codeOf)
  const answer: ParserAnswer = { ...parsed, live }
  port.postMessage(answer, [...parsedTransfer(parsed), ...(live === undefined ? [] : liveTransfer(live))])
})

/** Every pair a live update names came from a reading, so it has a code (and a new one here would put the threads' dictionaries out of step). */
function codeOf(sensorId: string, machineId: string | null): number {
  const code = ids.find(sensorId, machineId)
  if (code === undefined) throw new Error(`live update names a sensor id pair never read: ${sensorId} ${machineId}`)
  return code
}
