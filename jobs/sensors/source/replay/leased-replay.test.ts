/**
 * The embedded replay on one instance at a time, on both app databases: two pipelines (two
 * instances) share one catalog, each with the replay under the `sensor-replay` lease. Only the
 * holder replays; when it stops, or loses its lease after a stall, the other takes over from the
 * catalog's offset — and every replayed offset is stored exactly once: the catalog's next offset
 * equals the number of readings stored (every replayed value is valid).
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { committedOffsets } from '../../../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../../../test/fixtures/test-catalog.ts'
import { appDatabases } from '../../../../test/harness/app-databases.ts'
import { until } from '../../../../test/sensors/until.ts'
import { keepLease } from '../../../lease-keeper.ts'
import { silentLogger } from '../../../job-logger.ts'
import { startSensorPipeline, type SensorPipeline } from '../../pipeline/index.ts'
import { leasedReplay, REPLAY_JOB, type LeasedReplay } from './leased-replay.ts'
import { replaySource } from './replay-source.ts'

interface Instance {
  source: LeasedReplay
  pipeline: SensorPipeline
}

describe.each(appDatabases)('the replay under its lease on $name', (database) => {
  let test: TestCatalog
  const running: Instance[] = []

  beforeEach(async () => {
    test = await createTestCatalog({ database })
  })
  afterEach(async () => {
    for (const instance of running.splice(0)) await instance.pipeline.stop()
    await test.close()
  })

  async function instance(holder: string): Promise<Instance> {
    const replay = replaySource({ logger: silentLogger, machines: 2, stepsPerSecond: 40, series: [70, 71, 72, 73] })
    const source = leasedReplay(replay, (work) => keepLease(test.catalog.db, { job: REPLAY_JOB, holder, logger: silentLogger, ttlMs: 900, retryMs: 100 }, work), test.catalog)
    const pipeline = await startSensorPipeline({ source, catalog: test.catalog, tempDir: join(test.dir, `tmp-${holder}`), logger: silentLogger, commitMs: 100 })
    const started = { source, pipeline }
    running.push(started)
    return started
  }

  async function stop(instance: Instance): Promise<void> {
    running.splice(running.indexOf(instance), 1)
    await instance.pipeline.stop()
  }

  /** Readings stored, and the catalog's next offset of the replay: equal when each offset is stored once. */
  async function storedOnce(): Promise<{ readings: number; nextOffset: number }> {
    const [row] = await test.query('SELECT count(*) AS n FROM sensors.readings')
    const offsets = await committedOffsets(test.catalog, 'replay', 'nab/machine_temperature')
    return { readings: Number(row!.n), nextOffset: Number(offsets.get(0) ?? 0) }
  }

  it('replays on the holder only; when it stops, the other takes over where the catalog says, each reading stored once', async () => {
    const a = await instance('host-a pid 1')
    await until(() => a.source.holding && a.pipeline.stats.commits >= 2, 'a to replay and commit')
    const b = await instance('host-b pid 2')
    await until(() => b.source.heldBy === 'host-a pid 1', 'b to stand by')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(b.source.holding).toBe(false)
    expect(b.pipeline.stats.readings).toBe(0)
    expect(b.pipeline.stats.assigned).toEqual([])
    // The standby sees the replay go on through the catalog's offset.
    const produced = (await b.pipeline.produced()) ?? 0
    await until(async () => ((await b.pipeline.produced()) ?? 0) > produced, "the replay's progress on the standby")

    // A graceful stop commits what a holds, then releases the lease: b takes over at its next try.
    await stop(a)
    await until(() => b.source.holding && b.pipeline.stats.commits >= 2, 'b to take over and commit')
    await stop(b)
    const after = await storedOnce()
    expect(a.pipeline.stats.readings).toBeGreaterThan(0)
    expect(b.pipeline.stats.readings).toBeGreaterThan(0)
    expect(after.readings).toBe(a.pipeline.stats.readings + b.pipeline.stats.readings)
    expect(after.readings).toBe(after.nextOffset)
  })

  it('stops replaying on a holder that lost its lease, dropping what it did not commit; the new holder goes on, each reading stored once', async () => {
    const a = await instance('host-a pid 1')
    await until(() => a.source.holding && a.pipeline.stats.commits >= 2, 'a to replay and commit')
    const b = await instance('host-b pid 2')
    await until(() => b.source.heldBy === 'host-a pid 1', 'b to stand by')
    // a stalls past its TTL (as if paused): its lease runs out, b takes it at its next try.
    await test.catalog.db.updateTable('job_leases').set({ expires_at: 0 }).where('job', '=', REPLAY_JOB).execute()
    await until(() => b.source.holding && !a.source.holding, 'b to take the replay over and a to stand by')
    expect(a.pipeline.stats.assigned).toEqual([])
    const readingsOfA = a.pipeline.stats.readings
    await until(() => b.pipeline.stats.commits >= 3, 'b to commit')
    await new Promise((resolve) => setTimeout(resolve, 300))
    // a replays no more while b holds the lease.
    expect(a.pipeline.stats.readings).toBe(readingsOfA)
    await stop(a)
    await stop(b)
    const stored = await storedOnce()
    expect(stored.readings).toBeGreaterThan(0)
    expect(stored.readings).toBe(stored.nextOffset)
  })
})
