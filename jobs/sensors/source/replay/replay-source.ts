/**
 * The embedded sensor source: the NAB machine-temperature recording (./replay-series.ts)
 * replayed as live sensor messages, one sensor per machine, each machine starting at a different
 * point of the series. Event time is now; `stepsPerSecond` sets the speed (one step of the
 * recording is five minutes). Each step is delivered as messages of the contract
 * (./replay-message.ts) on partition 0, so replayed readings are validated, quarantined and
 * committed by the same pipeline as Kafka's.
 *
 * Offsets continue from the catalog's (a restart does not skip anything as already read), and a
 * message's value follows from its offset, so a rewind sends the same values again; the series
 * starts at its first step on every start, as it always has.
 */
import type { JobLogger } from '../../../job-logger.ts'
import type { RawMessage, SensorSource, SourceSink } from '../sensor-source.ts'
import { replayMessage } from './replay-message.ts'
import { loadSeries } from './replay-series.ts'

export interface ReplayOptions {
  logger: JobLogger
  machines?: number
  stepsPerSecond?: number
  now?: () => number
  series?: number[]
}

export interface ReplaySource extends SensorSource {
  /** Messages sent so far (rewinds send some again). */
  readonly emitted: number
}

const PARTITION = 0

export function replaySource(options: ReplayOptions): ReplaySource {
  const series = options.series ?? loadSeries()
  const machines = options.machines ?? 4
  const now = options.now ?? Date.now
  let sink: SourceSink | undefined
  let timer: NodeJS.Timeout | undefined
  /** The offset of this run's first message (the catalog's next one), and the index of the next message to send. */
  let base = 0
  let next = 0
  let emitted = 0

  /** The message at index `index` of this run: step ⌊index / machines⌋ of machine index mod machines. */
  const message = (index: number, ts: number): RawMessage => {
    const step = Math.floor(index / machines)
    const machine = index % machines
    const value = series[(step + Math.floor((machine * series.length) / machines)) % series.length]!
    const { key, value: json } = replayMessage(machine, ts, value)
    return { offset: String(base + index), key: Buffer.from(key), value: Buffer.from(json) }
  }

  /** One step: a message per machine, one delivery. */
  const emit = (): void => {
    if (sink === undefined) return
    const ts = now()
    const messages = Array.from({ length: machines }, (_, i) => message(next + i, ts))
    next += machines
    emitted += machines
    // A rejected delivery is an earlier step's failure, already rewound (see `rewind`).
    sink.deliver(PARTITION, messages).catch((error: Error) => options.logger.warn({ err: error }, `sensor replay: a step is sent again: ${error.message}`))
  }

  return {
    position: { consumer: 'replay', topic: 'nab/machine_temperature', kind: 'replay' },
    parser: 'inline',
    get emitted() {
      return emitted
    },
    start: async (to) => {
      // One partition that never moves: nothing to assign.
      sink = to
      // Started again (this instance took the replay's lease back): from the catalog's offset as the pipeline holds it now.
      base = Number(to.resumeAt(PARTITION) ?? 0)
      next = 0
      clearInterval(timer)
      timer = setInterval(emit, 1000 / (options.stepsPerSecond ?? 2))
      timer.unref()
      emit()
    },
    rewind: (_partition, offset) => {
      next = Math.max(0, offset - base)
    },
    stop: async () => clearInterval(timer),
  }
}
