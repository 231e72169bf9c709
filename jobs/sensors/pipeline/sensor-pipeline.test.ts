/**
 * The one path with the test source: contract → quarantine and dead letters → live windows →
 * commit → rules, and a block whose dead letters cannot be sent read again, without Kafka.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../../../test/fixtures/test-catalog.ts'
import { silentLogger } from '../../job-logger.ts'
import type { DeadLetter, DeadLetterSink } from '../quarantine/index.ts'
import type { RuleEvaluator, RuleReadings } from '../rules/index.ts'
import { testSource, type TestSource } from '../source/index.ts'
import type { LiveUpdate } from '../windows/index.ts'
import { startSensorPipeline, type SensorPipeline } from './sensor-pipeline.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
const reading = (s: number, temperature = 70): string => JSON.stringify({ sensor_id: 'M01-T1', machine_id: 'M01', ts: new Date(t0 + s * 1000).toISOString(), temperature })

/** Dead letters kept in memory; `failNext` makes the next send fail once. */
function memoryDeadLetters(): DeadLetterSink & { letters: DeadLetter[]; failNext: boolean } {
  const sink = {
    letters: [] as DeadLetter[],
    failNext: false,
    send: async (letters: readonly DeadLetter[]) => {
      if (sink.failNext) {
        sink.failNext = false
        throw new Error('dead-letter topic away (injected)')
      }
      sink.letters.push(...letters)
    },
    close: async () => undefined,
  }
  return sink
}

describe('the sensor pipeline', () => {
  let test: TestCatalog
  let source: TestSource
  let pipeline: SensorPipeline
  let deadLetters: ReturnType<typeof memoryDeadLetters>
  const live: LiveUpdate[] = []
  const ruleBlocks: RuleReadings[] = []
  const committed: number[] = []
  const rules: RuleEvaluator = { readings: (block) => void ruleBlocks.push(block), committed: (result) => void committed.push(result.readings) }

  beforeEach(async () => {
    test = await createTestCatalog()
    source = testSource()
    deadLetters = memoryDeadLetters()
    live.length = 0
    ruleBlocks.length = 0
    committed.length = 0
    pipeline = await startSensorPipeline({ source, deadLetters, rules, catalog: test.catalog, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 60_000, onLive: (update) => live.push(update) })
  })
  afterEach(async () => {
    await pipeline.stop()
    await test.close()
  })

  it('validates, quarantines and dead-letters, windows, feeds the live hub and the rules, and commits with the offsets', async () => {
    await source.send(0, [reading(0), 'not json', reading(1, 72), null])
    await source.send(0, [reading(90, 74)])
    await pipeline.flush()
    expect(pipeline.stats).toMatchObject({ readings: 3, rejects: 2, deadLetters: 2, commits: 1 })
    expect(deadLetters.letters.map((l) => [l.offset, l.reason])).toEqual([
      ['1', 'not JSON'],
      ['3', 'empty message'],
    ])
    expect(await test.query('SELECT kafka_offset, reason FROM quarantine.sensor_messages ORDER BY kafka_offset')).toEqual([
      { kafka_offset: '1', reason: 'not JSON' },
      { kafka_offset: '3', reason: 'empty message' },
    ])
    expect(await test.query('SELECT count(*) AS n FROM sensors.readings')).toEqual([{ n: '3' }])
    // The reading 90 s in moved the watermark past the first minute: its window closed, live and in the catalog.
    expect(live.flatMap((u) => u.windows).map((w) => [w.sensorId, w.n])).toEqual([['M01-T1', 2]])
    expect(await test.query('SELECT sensor_id, n, max_c FROM sensors.windows_1m')).toEqual([{ sensor_id: 'M01-T1', n: '2', max_c: 72 }])
    expect(ruleBlocks.map((b) => [b.readings.count, b.rejects, b.live?.windows.length])).toEqual([
      [2, 2, 0],
      [1, 0, 1],
    ])
    expect(ruleBlocks[0]!.ids.pair(ruleBlocks[0]!.readings.codes[0]!)).toEqual(['M01-T1', 'M01'])
    expect(committed).toEqual([3])
  })

  it('tells the rules which partitions it owns after each assignment, before any block of it', async () => {
    const calls: string[] = []
    const ordered: RuleEvaluator = {
      readings: (block) => void calls.push(`block ${block.partition}`),
      committed: () => undefined,
      assigned: async (partitions) => {
        // The hand-over reads the app database: a block delivered meanwhile must wait for it.
        await new Promise((resolve) => setTimeout(resolve, 20))
        calls.push(`owns ${partitions.join(',')}`)
      },
    }
    const two = testSource({ partitions: [0, 1] })
    const other = await startSensorPipeline({ source: two, rules: ordered, catalog: test.catalog, tempDir: join(test.dir, 'tmp2'), logger: silentLogger, commitMs: 60_000 })
    try {
      await two.send(1, [reading(0)])
      const moved = two.assign([1])
      await two.send(1, [reading(1)])
      await moved
      expect(calls).toEqual(['owns 0,1', 'block 1', 'owns 1', 'block 1'])
    } finally {
      await other.stop()
    }
  })

  it('reads a block again when its dead letters cannot be sent, and stores it once', async () => {
    deadLetters.failNext = true
    await source.send(0, [reading(0), 'not json'])
    await pipeline.flush()
    expect(source.rewinds).toEqual([{ partition: 0, offset: 0 }])
    // The next delivery answers with the failure (Kafka restarts the group on it); the source then sends from the rewound offset.
    await expect(source.send(0, [reading(0), 'not json'])).rejects.toThrow(/dead-letter topic away/)
    await source.send(0, [reading(0), 'not json'])
    await pipeline.flush()
    expect(deadLetters.letters.map((l) => l.offset)).toEqual(['1'])
    expect(await test.query('SELECT count(*) AS n FROM sensors.readings')).toEqual([{ n: '1' }])
    expect(await test.query('SELECT count(*) AS n FROM quarantine.sensor_messages')).toEqual([{ n: '1' }])
  })
})
