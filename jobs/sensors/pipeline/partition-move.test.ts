/**
 * Two pipelines sharing one catalog, as two instances of one consumer group do, on both app
 * databases. An instance that lost a partition without noticing (paused, its session expired)
 * has its batch of it refused once the new owner committed: it drops what it read, warns, and
 * reads again from the stored offset — every message is stored once. A rebalance drops what the
 * losing instance held and the gaining one starts from the catalog's offset as stored then.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { committedOffsets } from '../../../catalog/index.ts'
import { createTestCatalog, type TestCatalog } from '../../../test/fixtures/test-catalog.ts'
import { appDatabases } from '../../../test/harness/app-databases.ts'
import type { JobLogger } from '../../job-logger.ts'
import { testSource, type TestSource } from '../source/index.ts'
import { startSensorPipeline, type SensorPipeline } from './sensor-pipeline.ts'

const t0 = Date.parse('2026-11-25T10:00:00Z')
/** The topic: message i of partition p is reading i (one a second) of sensor M0p-T1. */
const messages = (partition: number, from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, k) => JSON.stringify({ sensor_id: `M0${partition}-T1`, machine_id: `M0${partition}`, ts: new Date(t0 + (from + k) * 1000).toISOString(), temperature: 60 + ((from + k) % 7) }))

interface Instance {
  source: TestSource
  pipeline: SensorPipeline
  warnings: string[]
}

describe.each(appDatabases)('partitions moving between instances on $name', (database) => {
  let test: TestCatalog
  const instances: Instance[] = []

  beforeEach(async () => {
    test = await createTestCatalog({ database })
  })
  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.pipeline.stop()
    await test.close()
  })

  async function start(name: string, partitions: number[]): Promise<Instance> {
    const warnings: string[] = []
    const logger: JobLogger = { info: () => {}, error: () => {}, warn: (_fields, message) => void warnings.push(message ?? '') }
    const source = testSource({ topic: 'readings', partitions })
    // No timer commits: the test says when each instance commits.
    const pipeline = await startSensorPipeline({ source, catalog: test.catalog, tempDir: join(test.dir, 'tmp', name), logger, commitMs: 3_600_000 })
    const instance = { source, pipeline, warnings }
    instances.push(instance)
    return instance
  }

  /** Rows registered in the readings files (the table's view would hide a reading stored twice), and the offsets they cover. */
  const storedRows = async (): Promise<number> => {
    const row = await test.catalog.db.selectFrom('catalog_files').select((eb) => eb.fn.sum<number>('row_count').as('n')).where('table_name', '=', 'sensors.readings').where('removed_snapshot', 'is', null).executeTakeFirst()
    return Number(row?.n ?? 0)
  }
  const distinctOffsets = async (): Promise<number> => Number((await test.query('SELECT count(DISTINCT (kafka_partition, kafka_offset)) AS n FROM sensors.readings'))[0]!.n)
  const offsets = () => committedOffsets(test.catalog, 'test', 'readings')

  it('refuses the batch of an instance that lost the partition, which reads it again from the stored offset: every message once', async () => {
    const a = await start('a', [0])
    await a.source.send(0, messages(0, 0, 100))
    // B was given partition 0 while A, paused, did not notice: B reads from the catalog's offset (none) and commits first.
    const b = await start('b', [0])
    await b.source.send(0, messages(0, 0, 150))
    await b.pipeline.flush()
    expect(await offsets()).toEqual(new Map([[0, '150']]))

    await a.pipeline.flush()
    expect(a.pipeline.stats).toMatchObject({ commits: 0, commitFailures: 0, offsetConflicts: 1 })
    expect(a.warnings).toEqual([expect.stringMatching(/readings\/0 was committed by another instance \(stored 150, read here from none\).*dropped; reading it again from 150/)])
    expect(a.source.rewinds).toEqual([{ partition: 0, offset: 150 }])
    expect(await storedRows()).toBe(150)

    // A, still owning the partition in its view, reads on from 150 and commits from there.
    await a.source.send(0, messages(0, 150, 200))
    await a.pipeline.flush()
    expect(a.pipeline.stats.commits).toBe(1)
    // B in turn did not see A's commit: its next batch is refused and read again from 200.
    await b.source.send(0, messages(0, 150, 170))
    await b.pipeline.flush()
    expect(b.pipeline.stats.offsetConflicts).toBe(1)
    expect(b.source.rewinds).toEqual([{ partition: 0, offset: 200 }])

    expect(await offsets()).toEqual(new Map([[0, '200']]))
    expect(await storedRows()).toBe(200)
    expect(await distinctOffsets()).toBe(200)
  })

  it('commits the partitions that did not move when one did', async () => {
    const a = await start('a', [0, 1])
    await a.source.send(0, messages(0, 0, 40))
    await a.source.send(1, messages(1, 0, 60))
    const b = await start('b', [0])
    await b.source.send(0, messages(0, 0, 50))
    await b.pipeline.flush()
    await a.pipeline.flush()
    expect(a.pipeline.stats).toMatchObject({ commits: 1, offsetConflicts: 1 })
    expect(await offsets()).toEqual(new Map([[0, '50'], [1, '60']]))
    expect(await storedRows()).toBe(110)
    expect(await test.query('SELECT kafka_partition AS p, count(*) AS n FROM sensors.readings GROUP BY p ORDER BY p')).toEqual([
      { p: 0, n: '50' },
      { p: 1, n: '60' },
    ])
  })

  it('on a rebalance drops what the losing instance held, and the gaining one starts from the offset stored then', async () => {
    const a = await start('a', [0, 1])
    const b = await start('b', [])
    await a.source.send(0, messages(0, 0, 30))
    await a.source.send(1, messages(1, 0, 30))
    await a.pipeline.flush()
    await a.source.send(0, messages(0, 30, 45))
    await a.source.send(1, messages(1, 30, 45))
    // Partition 1 moves to B: A's 15 uncommitted readings of it are B's to read, from 30.
    await a.source.assign([0])
    await b.source.assign([1])
    await b.source.send(1, messages(1, 30, 80))
    await a.pipeline.flush()
    await b.pipeline.flush()
    // …and back to A, which must start from B's 80, not from its own 30.
    await b.source.assign([])
    await a.source.assign([0, 1])
    await a.source.send(1, messages(1, 80, 100))
    await a.pipeline.flush()

    for (const instance of [a, b]) expect(instance.pipeline.stats.offsetConflicts).toBe(0)
    expect(await offsets()).toEqual(new Map([[0, '45'], [1, '100']]))
    expect(await storedRows()).toBe(145)
    expect(await distinctOffsets()).toBe(145)
  })
})
