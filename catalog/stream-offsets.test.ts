/**
 * Stream offsets as a compare-and-set inside a commit, on both app databases: a commit names the
 * offset its reader started from per partition, and is refused whole — no snapshot, no file, no
 * offset — when another reader stored that partition since; of two commits from the same offset
 * at once exactly one lands. Without `expected` an offset is stored unchecked, as before.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../test/fixtures/test-catalog.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { commit, committedOffsets, ensureTable, filesAsOf, latestSnapshotId, StreamOffsetConflict, type StagedFile, type StreamOffset } from './index.ts'

const TABLE = 'sensors.cas_probe'

describe.each(appDatabases)('stream offsets on $name', (database) => {
  let test: TestCatalog
  let staged = 0
  beforeEach(async () => {
    test = await createTestCatalog({ database })
    await ensureTable(test.catalog, { name: TABLE, layer: 'sensors', columns: [{ name: 'v', type: 'BIGINT' }] })
  })
  afterEach(() => test.close())

  function file(): StagedFile {
    const localFile = join(test.dir, `staged-${++staged}.parquet`)
    writeFileSync(localFile, `file ${staged}`)
    return { table: TABLE, localFile, rowCount: 10 }
  }
  const offset = (partition: number, nextOffset: string, expected?: string | null): StreamOffset => ({ consumer: 'g', topic: 't', partition, nextOffset, expected })
  const append = (...offsets: StreamOffset[]) => commit(test.catalog, { operation: 'append', add: [file()], offsets })
  const stored = () => committedOffsets(test.catalog, 'g', 't')
  const refusal = async (attempt: Promise<unknown>): Promise<StreamOffsetConflict> => {
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(StreamOffsetConflict)
    return error as StreamOffsetConflict
  }

  it('stores an offset only where the stored one is what the batch started from', async () => {
    await append(offset(0, '10', null))
    await append(offset(0, '20', '10'))
    expect(await stored()).toEqual(new Map([[0, '20']]))

    const before = { snapshot: await latestSnapshotId(test.catalog), files: (await filesAsOf(test.catalog, TABLE)).length }
    // A reader that started from 10 (or from nothing) and did not see the commit up to 20.
    const stale = await refusal(append(offset(0, '25', '10')))
    expect(stale.conflicts).toEqual([{ consumer: 'g', topic: 't', partition: 0, expected: '10', stored: '20' }])
    expect(stale.message).toMatch(/g\/t\/0 expected 10, stored 20/)
    const first = await refusal(append(offset(0, '15', null)))
    expect(first.conflicts).toEqual([{ consumer: 'g', topic: 't', partition: 0, expected: null, stored: '20' }])
    // Refused whole: no snapshot, no file registered, the offset unchanged.
    expect(await latestSnapshotId(test.catalog)).toBe(before.snapshot)
    expect((await filesAsOf(test.catalog, TABLE)).length).toBe(before.files)
    expect(await stored()).toEqual(new Map([[0, '20']]))
  })

  it('refuses the whole commit when one of its partitions moved, and names each that did', async () => {
    await append(offset(0, '10', null), offset(1, '5', null))
    await append(offset(1, '8', '5'))
    const conflict = await refusal(append(offset(0, '30', '10'), offset(1, '9', '5'), offset(2, '3', '1')))
    expect(conflict.partitions).toEqual([1, 2])
    expect(conflict.conflicts.map((c) => [c.partition, c.expected, c.stored])).toEqual([
      [1, '5', '8'],
      [2, '1', null],
    ])
    // Partition 0 was right, but nothing of the commit landed.
    expect(await stored()).toEqual(new Map([[0, '10'], [1, '8']]))
  })

  it('lets exactly one of two commits from the same offset land', async () => {
    await append(offset(0, '10', null))
    const outcomes = await Promise.allSettled([append(offset(0, '20', '10')), append(offset(0, '30', '10'))])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const winner = outcomes[0]!.status === 'fulfilled' ? '20' : '30'
    expect(await stored()).toEqual(new Map([[0, winner]]))
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StreamOffsetConflict)
    expect((await filesAsOf(test.catalog, TABLE)).length).toBe(2)
  })

  it('stores an offset without `expected` unchecked (one reader, or a tool)', async () => {
    await append(offset(0, '10'))
    await append(offset(0, '5'))
    expect(await stored()).toEqual(new Map([[0, '5']]))
  })
})
