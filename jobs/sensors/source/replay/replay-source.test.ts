import { describe, expect, it } from 'vitest'
import { until } from '../../../../test/sensors/until.ts'
import { silentLogger } from '../../../job-logger.ts'
import { packMessages, parseBlock, parseSensorMessage, SensorIds } from '../../contract/index.ts'
import type { RawMessage, SourceSink } from '../sensor-source.ts'
import { replayMessage } from './replay-message.ts'
import { replaySource } from './replay-source.ts'
import { loadSeries } from './replay-series.ts'

/** A sink that keeps what it is given, resuming at `resume`. */
function recordingSink(resume?: string): SourceSink & { delivered: RawMessage[] } {
  const delivered: RawMessage[] = []
  return {
    delivered,
    deliver: async (_partition, messages) => void delivered.push(...messages),
    assign: () => undefined,
    resumeAt: () => resume,
    committedAt: () => resume,
  }
}

describe('the replay source', () => {
  it('loads the recorded NAB machine-temperature series', () => {
    const series = loadSeries()
    expect(series).toHaveLength(22_695)
    expect(series[0]).toBeCloseTo(73.96732207, 8)
    expect(Math.min(...series)).toBeCloseTo(2.08, 2)
  })

  it('sends one message per machine per step, each machine at its own place in the series', async () => {
    const sink = recordingSink()
    const replay = replaySource({ logger: silentLogger, machines: 2, stepsPerSecond: 50, series: [10, 11, 12, 13], now: () => 1_000 })
    await replay.start(sink)
    await new Promise((resolve) => setTimeout(resolve, 70))
    await replay.stop()
    const readings = sink.delivered.slice(0, 4).map((m) => parseSensorMessage(m.value!.toString(), { now: 1_000 }))
    expect(readings).toEqual([
      { reading: { sensorId: 'M01-T1', machineId: 'M01', ts: 1_000, temperatureC: 10 } },
      { reading: { sensorId: 'M02-T1', machineId: 'M02', ts: 1_000, temperatureC: 12 } },
      { reading: { sensorId: 'M01-T1', machineId: 'M01', ts: 1_000, temperatureC: 11 } },
      { reading: { sensorId: 'M02-T1', machineId: 'M02', ts: 1_000, temperatureC: 13 } },
    ])
    expect(sink.delivered.map((m) => m.offset).slice(0, 4)).toEqual(['0', '1', '2', '3'])
    expect(sink.delivered.map((m) => m.key?.toString()).slice(0, 2)).toEqual(['M01-T1', 'M02-T1'])
    expect(replay.emitted).toBe(sink.delivered.length)
  })

  it('continues at the catalog’s offset, and a rewind sends the same values again', async () => {
    const sink = recordingSink('40')
    const replay = replaySource({ logger: silentLogger, machines: 2, stepsPerSecond: 50, series: [10, 11, 12, 13], now: () => 1_000 })
    await replay.start(sink)
    // The first step goes out at start; the rewind applies to the next.
    replay.rewind(0, 40)
    await until(() => sink.delivered.length >= 4, 'the next step')
    await replay.stop()
    expect(sink.delivered.slice(0, 4).map((m) => m.offset)).toEqual(['40', '41', '40', '41'])
    expect(sink.delivered.slice(0, 4).map((m) => JSON.parse(m.value!.toString()).temperature)).toEqual([10, 12, 10, 12])
  })

  it('every value of the recording passes the message contract', () => {
    const series = loadSeries()
    const now = Date.parse('2026-11-25T10:00:00Z')
    const messages = series.map((value, i) => {
      const { key, value: json } = replayMessage(i % 4, now, value)
      return { offset: String(i), key: Buffer.from(key), value: Buffer.from(json) }
    })
    const parsed = parseBlock(packMessages(0, messages, -1, now), new SensorIds())
    expect(parsed.rejects).toEqual([])
    expect(parsed.readings.count).toBe(series.length)
    expect([...parsed.readings.temperatureC]).toEqual(series)
  })
})
