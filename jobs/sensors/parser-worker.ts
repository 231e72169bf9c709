/**
 * The parser thread's entry point (started by ./parser-thread.ts): blocks of raw Kafka values
 * in, columns of readings and rejects out, in order. Its (sensor, machine) codes live as long as
 * the thread; the main thread mirrors them from each answer.
 */
import { parentPort } from 'node:worker_threads'
import type { MessageBlock } from './message-block.ts'
import { parseBlock, parsedTransfer } from './parse-block.ts'
import { SensorIds } from './sensor-ids.ts'

const ids = new SensorIds()
const port = parentPort
if (port === null) throw new Error('parser-worker.ts runs as a worker thread')
port.on('message', (block: MessageBlock) => {
  const parsed = parseBlock(block, ids)
  port.postMessage(parsed, parsedTransfer(parsed))
})
