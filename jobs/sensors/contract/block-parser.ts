/**
 * The contract step of the pipeline as a port: packed blocks of raw messages in, readings as
 * columns and rejects out, in the order given — each value through the one message contract
 * (./sensor-message.ts), so every source's messages are accepted and rejected alike. Two
 * implementations: a worker thread for Kafka's hundreds of thousands of messages a second
 * (./parser-thread.ts), and the event loop itself for a source of a few a second
 * (./inline-parser.ts). Both answer through ./parser-answer.ts, so they give the same blocks.
 */
import type { MessageBlock } from './message-block.ts'
import type { ParsedBlock } from './parse-block.ts'
import type { SensorIds } from './sensor-ids.ts'

export interface BlockParser {
  /** Codes of the parsed readings; complete for every block already answered. */
  readonly ids: SensorIds
  parse(block: MessageBlock): Promise<ParsedBlock>
  close(): Promise<void>
}

export interface BlockParserOptions {
  /** The machine of a sensor whose messages carry no machine_id. */
  machineOf?: (sensorId: string) => string | undefined
  /** Also window the readings for the live hub, with this lateness (see ../windows/live-tracker.ts). */
  live?: { allowedLatenessMs?: number }
}
