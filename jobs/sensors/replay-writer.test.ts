import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { until } from '../../test/sensors/until.ts'
import { silentLogger } from '../job-logger.ts'
import { startReplayWriter, type ReplayWriter } from './replay-writer.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')

describe('the embedded replay’s writer', () => {
  let test: TestCatalog
  let writer: ReplayWriter
  let failing = false

  beforeEach(async () => {
    test = await createTestCatalog()
    const afterFilesWritten = (): void => {
      if (failing) throw new Error('database is locked (injected)')
    }
    writer = await startReplayWriter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), logger: silentLogger, commitMs: 50, commitEffects: { afterFilesWritten } })
  })
  afterEach(async () => {
    await writer.stop()
    await test.close()
  })

  it('keeps readings while commits fail, says why, and commits them once commits work again', async () => {
    failing = true
    for (let s = 0; s < 30; s++) writer.add({ sensorId: 'M01-T1', machineId: 'M01', ts: t0 + s * 1000, temperatureC: 70 + s / 10 })
    await until(() => writer.commitError !== null, 'a failed commit')
    expect(writer.commitError).toMatch(/database is locked \(injected\)/)
    for (let s = 30; s < 60; s++) writer.add({ sensorId: 'M01-T1', machineId: 'M01', ts: t0 + s * 1000, temperatureC: 70 + s / 10 })
    failing = false
    await until(() => writer.commitError === null, 'a commit to succeed')
    // That commit may have begun before the later readings came; the next takes them.
    await writer.flush()
    expect(await test.query('SELECT count(*) AS n, count(DISTINCT ts) AS distinct_ts FROM sensors.readings')).toEqual([{ n: '60', distinct_ts: '60' }])
  })
})
