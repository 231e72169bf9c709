/**
 * The parser thread, seen from the consumer: blocks go in, parsed blocks come back in the same
 * order, with the thread's (sensor, machine) codes mirrored here. JSON parsing and validation —
 * and their garbage — thus run beside kafkajs's decoding instead of on the same event loop.
 * The thread starts from a small JavaScript module that registers tsx's loader first (a worker
 * thread does not inherit it).
 */
import { Worker } from 'node:worker_threads'
import { unpackLiveUpdate } from './live-columns.ts'
import { blockTransfer, type MessageBlock } from './message-block.ts'
import type { ParsedBlock } from './parse-block.ts'
import type { ParserAnswer, ParserWorkerData } from './parser-worker.ts'
import { SensorIds } from './sensor-ids.ts'

export interface ParserThread {
  /** Codes of the parsed readings; complete for every block already answered. */
  readonly ids: SensorIds
  parse(block: MessageBlock): Promise<ParsedBlock>
  close(): Promise<void>
}

export interface ParserThreadOptions {
  machineOf?: (sensorId: string) => string | undefined
  /** Also window the readings for the live hub, with this lateness (see ./live-tracker.ts). */
  live?: { allowedLatenessMs?: number }
}

export function startParserThread(options: ParserThreadOptions = {}): ParserThread {
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
  worker.on('message', (answer: ParserAnswer) => {
    // A sensor without machine_id gets its machine from the map here (a function stays on this side).
    const { machineOf } = options
    ids.define(answer.idsFrom, answer.newIds.map(([sensorId, machineId]) => [sensorId, machineId ?? machineOf?.(sensorId) ?? null]))
    // The live update's codes are the thread's, which the dictionary here has just learnt (with
    // the machine map applied, so a live sensor's window names its machine too).
    const parsed: ParsedBlock = { ...answer, live: answer.live === undefined ? undefined : unpackLiveUpdate(answer.live, (code) => ids.pair(code)) }
    if (machineOf !== undefined && parsed.live !== undefined) {
      for (const window of parsed.live.windows) window.machineId ??= machineOf(window.sensorId) ?? null
    }
    waiting.shift()?.resolve(parsed)
  })
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
