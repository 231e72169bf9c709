/**
 * The parser thread (./block-parser.ts), seen from the pipeline: blocks go in, parsed blocks come back in the same
 * order, with the thread's (sensor, machine) codes mirrored here. JSON parsing and validation —
 * and their garbage — thus run beside kafkajs's decoding instead of on the same event loop.
 * The thread starts from a small JavaScript module that registers tsx's loader first (a worker
 * thread does not inherit it).
 */
import { Worker } from 'node:worker_threads'
import type { BlockParser, BlockParserOptions } from './block-parser.ts'
import { blockTransfer } from './message-block.ts'
import type { ParsedBlock } from './parse-block.ts'
import { receiveAnswer, type ParserAnswer } from './parser-answer.ts'
import type { ParserWorkerData } from './parser-worker.ts'
import { SensorIds } from './sensor-ids.ts'

export function startParserThread(options: BlockParserOptions = {}): BlockParser {
  const workerData: ParserWorkerData = { live: options.live }
  const worker = new Worker(new URL('./parser-worker-loader.mjs', import.meta.url), { workerData })
  // The consumer's own connections keep the process alive; this thread alone must not.
  worker.unref()
  const ids = new SensorIds()
  const waiting: { resolve: (parsed: ParsedBlock) => void; reject: (error: Error) => void }[] = []
  let failure: Error | undefined
  const fail = (error: Error): void => {
    failure ??= error
    for (const pending of waiting.splice(0)) pending.reject(failure)
  }
  // A sensor without machine_id gets its machine from the map here (a function stays on this side).
  worker.on('message', (answer: ParserAnswer) => waiting.shift()?.resolve(receiveAnswer(answer, ids, options.machineOf)))
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`sensor parser thread exited (${code})`)))

  return {
    ids,
    parse: (block) => {
      if (failure !== undefined) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject })
        worker.postMessage(block, blockTransfer(block))
      })
    },
    close: async () => {
      failure ??= new Error('sensor parser thread closed')
      await worker.terminate()
    },
  }
}
