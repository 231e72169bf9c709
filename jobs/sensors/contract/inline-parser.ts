/**
 * The contract step on the event loop, for a source of a few messages a second (the embedded
 * replay, tests): the same parse and the same answer as the parser thread (./parser-answer.ts),
 * without a thread to start or messages to post.
 */
import { LiveTracker } from '../windows/index.ts'
import type { BlockParser, BlockParserOptions } from './block-parser.ts'
import { answerBlock, receiveAnswer } from './parser-answer.ts'
import { SensorIdBytes } from './sensor-id-bytes.ts'
import { SensorIds } from './sensor-ids.ts'

export function inlineParser(options: BlockParserOptions = {}): BlockParser {
  /** The parsing side's dictionary, as the thread keeps its own; `ids` mirrors it. */
  const parsing = new SensorIds()
  const idBytes = new SensorIdBytes(parsing)
  const tracker = options.live === undefined ? undefined : new LiveTracker(options.live)
  const ids = new SensorIds()
  return {
    ids,
    parse: async (block) => receiveAnswer(answerBlock(block, parsing, idBytes, tracker).answer, ids, options.machineOf),
    close: async () => undefined,
  }
}
