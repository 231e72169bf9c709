import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../../test/fixtures/test-catalog.ts'
import { openBatchCommitter, type BatchCommitter } from './batch-committer.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')

describe('committing micro-batches of readings with their windows', () => {
  let test: TestCatalog
  let committer: BatchCommitter
  let offset = 0

  beforeEach(async () => {
    test = await createTestCatalog()
    committer = await openBatchCommitter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), position: { consumer: 'g', topic: 't', kind: 'kafka' }, allowedLatenessMs: 0 })
  })
  afterEach(async () => {
    committer.close()
    await test.close()
  })

  /** One commit of readings of sensor T1 at these seconds after t0, each at 60 + its second °C. */
  const commitSeconds = async (seconds: number[]): Promise<void> => {
    for (const s of seconds) {
      committer.batch.addReading({ sensorId: 'T1', machineId: 'M1', ts: t0 + s * 1000, temperatureC: 60 + s }, 0, offset++)
      committer.observe(t0 + s * 1000)
    }
    committer.batch.nextOffsets.set(0, String(offset))
    await committer.flush()
  }
  const windows = () => test.query(`SELECT epoch(window_start)::BIGINT - ${t0 / 1000} AS start_s, n, min_c, max_c, first_c, last_c FROM sensors.windows_1m ORDER BY window_start`)

  it('closes a window from the readings of every commit it spans, and redoes it for a late reading', async () => {
    await commitSeconds([0, 20, 40])
    await commitSeconds([50, 70])
    expect(await windows()).toEqual([{ start_s: '0', n: '4', min_c: 60, max_c: 110, first_c: 60, last_c: 110 }])
    // Later files that do not reach back to the first window are not read for the next ones…
    await commitSeconds([130, 190])
    expect(await windows()).toEqual([
      { start_s: '0', n: '4', min_c: 60, max_c: 110, first_c: 60, last_c: 110 },
      { start_s: '60', n: '1', min_c: 130, max_c: 130, first_c: 130, last_c: 130 },
      { start_s: '120', n: '1', min_c: 190, max_c: 190, first_c: 190, last_c: 190 },
    ])
    // …but a late reading for it brings the first commit's file back into the recomputed window.
    await commitSeconds([30, 250])
    const first = (await windows()).find((w) => w.start_s === '0')
    expect(first).toEqual({ start_s: '0', n: '5', min_c: 60, max_c: 110, first_c: 60, last_c: 110 })
  })
})
