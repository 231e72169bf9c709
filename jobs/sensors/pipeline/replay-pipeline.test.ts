/**
 * The embedded replay through the one pipeline: its readings pass the message contract like
 * Kafka's, so a malformed replayed value is quarantined (not lost, not stored as a reading), and
 * a failing catalog commit keeps the replayed readings until commits work again.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../../../test/fixtures/test-catalog.ts'
import { until } from '../../../test/sensors/until.ts'
import { silentLogger } from '../../job-logger.ts'
import { replaySource } from '../source/index.ts'
import { startSensorPipeline, type SensorPipeline } from './sensor-pipeline.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')

describe('the embedded replay through the sensor pipeline', () => {
  let test: TestCatalog
  let pipeline: SensorPipeline | undefined

  beforeEach(async () => {
    test = await createTestCatalog()
  })
  afterEach(async () => {
    await pipeline?.stop()
    pipeline = undefined
    await test.close()
  })

  it('quarantines a malformed replayed value with its reason, and stores the valid ones', async () => {
    // Four machines, one step: machine m replays series[m].
    const source = replaySource({ logger: silentLogger, machines: 4, stepsPerSecond: 0.001, series: [70, Number.NaN, -300, 71], now: () => t0 })
    const running = await startSensorPipeline({ source, catalog: test.catalog, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 60_000 })
    await running.stop()
    expect(running.stats).toMatchObject({ readings: 2, rejects: 2 })
    expect(await test.query('SELECT sensor_id, temperature_c FROM sensors.readings ORDER BY sensor_id')).toEqual([
      { sensor_id: 'M01-T1', temperature_c: 70 },
      { sensor_id: 'M04-T1', temperature_c: 71 },
    ])
    const quarantined = await test.query('SELECT topic, kafka_offset, payload, reason FROM quarantine.sensor_messages ORDER BY kafka_offset')
    expect(quarantined).toMatchObject([
      { topic: 'nab/machine_temperature', kafka_offset: '1', reason: 'missing temperature' },
      { topic: 'nab/machine_temperature', kafka_offset: '2', reason: 'temperature is below absolute zero (-300 C)' },
    ])
    expect(JSON.parse(String(quarantined[0]!.payload))).toMatchObject({ sensor_id: 'M02-T1', temperature: null })
  })

  it('keeps replayed readings while commits fail, says why, and commits them once commits work again', async () => {
    let failing = true
    let step = 0
    const afterFilesWritten = (): void => {
      if (failing) throw new Error('database is locked (injected)')
    }
    const source = replaySource({ logger: silentLogger, machines: 1, stepsPerSecond: 100, series: [70, 71, 72], now: () => t0 + step++ * 1000 })
    const running = (pipeline = await startSensorPipeline({ source, catalog: test.catalog, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 50, commitEffects: { afterFilesWritten } }))
    await until(() => running.stats.commitError !== null, 'a failed commit')
    expect(running.stats.commitError).toMatch(/database is locked \(injected\)/)
    failing = false
    await until(() => running.stats.commitError === null, 'a commit to succeed')
    await running.stop()
    pipeline = undefined
    const emitted = source.emitted
    expect(running.stats.readings).toBe(emitted)
    expect(await test.query('SELECT count(*) AS n, count(DISTINCT ts) AS distinct_ts FROM sensors.readings')).toEqual([{ n: String(emitted), distinct_ts: String(emitted) }])
  })
})
