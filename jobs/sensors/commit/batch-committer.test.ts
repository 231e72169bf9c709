import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commit, committedOffsets } from '../../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../../test/fixtures/test-catalog.ts'
import { openBatchCommitter, type BatchCommitter } from './batch-committer.ts'
import { appDatabases } from '../../../test/harness/app-databases.ts'

describe.each(appDatabases)('on $name', (database) => {
  const t0 = Date.parse('2026-11-25T10:00:00Z')

  describe('committing micro-batches of readings with their windows', () => {
    let test: TestCatalog
    let committer: BatchCommitter
    let offset = 0

    beforeEach(async () => {
      test = await createTestCatalog({ database })
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

  describe('a micro-batch whose commit fails', () => {
    let test: TestCatalog
    let committer: BatchCommitter
    let failNext = false

    beforeEach(async () => {
      test = await createTestCatalog({ database })
      failNext = false
      const afterFilesWritten = (): void => {
        if (!failNext) return
        failNext = false
        throw new Error('no space left on device (injected)')
      }
      committer = await openBatchCommitter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), position: { consumer: 'g', topic: 't', kind: 'kafka' }, allowedLatenessMs: 0, commitEffects: { afterFilesWritten } })
    })
    afterEach(async () => {
      committer.close()
      await test.close()
    })

    /** Readings of sensor T1 at these seconds after t0 (offsets = seconds) on partition 0, next offset `next`. */
    const read = (seconds: number[], next: number): void => {
      for (const s of seconds) {
        committer.batch.addReading({ sensorId: 'T1', machineId: 'M1', ts: t0 + s * 1000, temperatureC: 60 + s }, 0, s)
        committer.observe(t0 + s * 1000)
      }
      committer.batch.nextOffsets.set(0, String(next))
    }
    const stored = async () => (await test.query(`SELECT epoch(ts)::BIGINT - ${t0 / 1000} AS s FROM sensors.readings ORDER BY ts`)).map((row) => Number(row.s))

    it('is kept and committed ahead of the next batch, once, with the later offsets', async () => {
      read([0, 10, 20], 21)
      failNext = true
      await expect(committer.flush()).rejects.toThrow(/no space left on device/)
      expect(committer.pendingSize).toBe(3)
      expect(await committedOffsets(test.catalog, 'g', 't')).toEqual(new Map())
      read([70, 80], 81)
      expect(committer.pendingSize).toBe(5)
      await committer.flush()
      expect(committer.pendingSize).toBe(0)
      expect(await stored()).toEqual([0, 10, 20, 70, 80])
      expect(await committedOffsets(test.catalog, 'g', 't')).toEqual(new Map([[0, '81']]))
      // The first window holds the failed batch's readings once.
      expect(await test.query('SELECT n FROM sensors.windows_1m')).toEqual([{ n: '3' }])
      // Nothing is retried after that.
      await committer.flush()
      expect(await stored()).toEqual([0, 10, 20, 70, 80])
    })

    it('is dropped when the catalog holds its offsets after all: they are the truth', async () => {
      read([0, 10, 20], 21)
      failNext = true
      await expect(committer.flush()).rejects.toThrow(/no space left on device/)
      // As if the failed commit had landed (its transaction done, then an error): the offsets are there.
      await commit(test.catalog, { operation: 'append', add: [], offsets: [{ consumer: 'g', topic: 't', partition: 0, nextOffset: '21' }] })
      read([30], 31)
      await committer.flush()
      expect(await stored()).toEqual([30])
      expect(await committedOffsets(test.catalog, 'g', 't')).toEqual(new Map([[0, '31']]))
    })

    it('leaves other partitions out after a rebalance, failed or pending', async () => {
      read([0, 10], 11)
      committer.batch.addReading({ sensorId: 'T2', machineId: 'M1', ts: t0, temperatureC: 50 }, 1, 0)
      committer.batch.nextOffsets.set(1, '1')
      failNext = true
      await expect(committer.flush()).rejects.toThrow(/no space left on device/)
      committer.batch.addReading({ sensorId: 'T2', machineId: 'M1', ts: t0 + 1000, temperatureC: 51 }, 1, 1)
      committer.batch.nextOffsets.set(1, '2')
      committer.keepPartitions(new Set([0]))
      await committer.flush()
      expect(await test.query("SELECT count(*) AS n FROM sensors.readings WHERE sensor_id = 'T2'")).toEqual([{ n: '0' }])
      expect(await committedOffsets(test.catalog, 'g', 't')).toEqual(new Map([[0, '11']]))
    })
  })
})
