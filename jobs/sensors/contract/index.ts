/**
 * The message contract and its fast paths: what a sensor message must be (./sensor-message.ts),
 * raw messages packed into blocks (./message-block.ts), and a block parsed into columns of
 * readings plus rejects — on a worker thread or inline (./block-parser.ts).
 */
export type { BlockParser, BlockParserOptions } from './block-parser.ts'
export { inlineParser } from './inline-parser.ts'
export { blockTransfer, packMessages, type MessageBlock } from './message-block.ts'
export { parseBlock, type BlockReject, type ParsedBlock } from './parse-block.ts'
export { startParserThread } from './parser-thread.ts'
export { ReadingChunkBuilder, type ReadingChunk } from './reading-chunk.ts'
export { SensorIds, type SensorIdPair } from './sensor-ids.ts'
export { parseSensorMessage, type ParsedMessage, type SensorReading } from './sensor-message.ts'
