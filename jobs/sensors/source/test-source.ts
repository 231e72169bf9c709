/**
 * A sensor source driven by a test: it delivers the payloads it is given, at consecutive offsets
 * per partition (continuing from what the catalog holds), and records the rewinds the pipeline
 * asks for. With it the whole pipeline — contract, quarantine, dead letters, windows, live hub,
 * commit, rules — runs without Kafka or a timer. Its lineage says `replay` (the catalog knows no
 * kind for tests) and its topic is `test` unless given.
 */
import type { SensorSource, SourceSink } from './sensor-source.ts'

export interface TestSourceOptions {
  topic?: string
  /** Partitions assigned at start (default [0]). */
  partitions?: number[]
  /** Default `inline`; `thread` runs the Kafka source's parser thread. */
  parser?: 'thread' | 'inline'
}

export interface TestSource extends SensorSource {
  /** Delivers `values` (null: a message without a value) at the partition's next offsets; resolves as the pipeline lets a source read on. */
  send(partition: number, values: readonly (string | null)[]): Promise<void>
  /** The rewinds the pipeline asked for, in order. */
  readonly rewinds: { partition: number; offset: number }[]
  /** A rebalance: these partitions from now on; a partition gained is read from where the pipeline resumes it. */
  assign(partitions: readonly number[]): Promise<void>
}

export function testSource(options: TestSourceOptions = {}): TestSource {
  const next = new Map<number, number>()
  const rewinds: { partition: number; offset: number }[] = []
  let sink: SourceSink | undefined
  return {
    position: { consumer: 'test', topic: options.topic ?? 'test', kind: 'replay' },
    parser: options.parser ?? 'inline',
    rewinds,
    start: async (to) => {
      sink = to
      await to.assign(options.partitions ?? [0])
    },
    send: async (partition, values) => {
      if (sink === undefined) throw new Error('the test source is not started')
      const from = next.get(partition) ?? Number(sink.resumeAt(partition) ?? 0)
      next.set(partition, from + values.length)
      const messages = values.map((value, i) => ({ offset: String(from + i), key: null, value: value === null ? null : Buffer.from(value) }))
      // A rejected delivery was not taken (as kafkajs fetches a batch again when eachBatch throws).
      await sink.deliver(partition, messages).catch((error: unknown) => {
        if (next.get(partition) === from + values.length) next.set(partition, from)
        throw error
      })
    },
    assign: async (partitions) => {
      if (sink === undefined) throw new Error('the test source is not started')
      for (const partition of next.keys()) if (!partitions.includes(partition)) next.delete(partition)
      await sink.assign(partitions)
    },
    rewind: (partition, offset) => {
      rewinds.push({ partition, offset })
      next.set(partition, offset)
    },
    stop: async () => undefined,
  }
}
