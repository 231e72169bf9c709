/**
 * A parsed block on its way from where it was parsed to the pipeline. The parsing side keeps
 * its own (sensor, machine) dictionary and sends the pairs it learnt with each answer, the live
 * update as columns (../windows/live-columns.ts); the receiving side mirrors the dictionary,
 * applies the machine map (a function cannot cross to a thread) and rebuilds the update. The
 * parser thread and the inline parser both go through here, so they answer alike.
 */
import { liveTransfer, packLiveUpdate, unpackLiveUpdate, type LiveColumns, type LiveTracker } from '../windows/index.ts'
import type { MessageBlock } from './message-block.ts'
import { parseBlock, parsedTransfer, type ParsedBlock } from './parse-block.ts'
import type { SensorIdBytes } from './sensor-id-bytes.ts'
import type { SensorIds } from './sensor-ids.ts'

/** A parsed block as it crosses: the live update as columns. */
export type ParserAnswer = Omit<ParsedBlock, 'live'> & { live?: LiveColumns }

/** The parsing side: a block's answer and the buffers to transfer with it. */
export function answerBlock(block: MessageBlock, ids: SensorIds, idBytes: SensorIdBytes, tracker: LiveTracker | undefined): { answer: ParserAnswer; transfer: ArrayBuffer[] } {
  const { live: update, ...parsed } = parseBlock(block, ids, { tracker, idBytes })
  const live = update === undefined ? undefined : packLiveUpdate(update, (sensorId, machineId) => codeOf(ids, sensorId, machineId))
  return { answer: { ...parsed, live }, transfer: [...parsedTransfer(parsed), ...(live === undefined ? [] : liveTransfer(live))] }
}

/** The receiving side: mirrors the new pairs into `ids` (with the machine map) and rebuilds the live update from them. */
export function receiveAnswer(answer: ParserAnswer, ids: SensorIds, machineOf: ((sensorId: string) => string | undefined) | undefined): ParsedBlock {
  ids.define(answer.idsFrom, answer.newIds.map(([sensorId, machineId]) => [sensorId, machineId ?? machineOf?.(sensorId) ?? null]))
  // The live update's codes are the parser's, which `ids` has just learnt (with the machine map
  // applied, so a live sensor's window names its machine too).
  const parsed: ParsedBlock = { ...answer, live: answer.live === undefined ? undefined : unpackLiveUpdate(answer.live, (code) => ids.pair(code)) }
  if (machineOf !== undefined && parsed.live !== undefined) {
    for (const window of parsed.live.windows) window.machineId ??= machineOf(window.sensorId) ?? null
  }
  return parsed
}

/** Every pair a live update names came from a reading, so it has a code (and a new one here would put the dictionaries out of step). */
function codeOf(ids: SensorIds, sensorId: string, machineId: string | null): number {
  const code = ids.find(sensorId, machineId)
  if (code === undefined) throw new Error(`live update names a sensor id pair never read: ${sensorId} ${machineId}`)
  return code
}
