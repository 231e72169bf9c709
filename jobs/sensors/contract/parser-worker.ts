/**
 * The parser thread's entry point (started by ./parser-thread.ts): blocks of raw Kafka values
 * in, columns of readings and rejects out, in order. Its (sensor, machine) codes live as long as
 * the thread; the main thread mirrors them from each answer. With `workerData.live`, it also
 * runs the live windows of the readings (../windows/live-tracker.ts) and answers each block's update.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { LiveTracker } from '../windows/index.ts'
import type { MessageBlock } from './message-block.ts'
import { answerBlock } from './parser-answer.ts'
import { SensorIdBytes } from './sensor-id-bytes.ts'
import { SensorIds } from './sensor-ids.ts'

export interface ParserWorkerData {
  live?: { allowedLatenessMs?: number }
}

const ids = new SensorIds()
const idBytes = new SensorIdBytes(ids)
const { live } = (workerData ?? {}) as ParserWorkerData
const tracker = live === undefined ? undefined : new LiveTracker(live)
const port = parentPort
if (port === null) throw new Error('parser-worker.ts runs as a worker thread')
port.on('message', (block: MessageBlock) => {
  const { answer, transfer } = answerBlock(block, ids, idBytes, tracker)
  port.postMessage(answer, transfer)
})
