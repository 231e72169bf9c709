/**
 * Commits racing each other, as two instances sharing one catalog make them: on PostgreSQL they
 * must behave as on SQLite, whose single writer serialises them — a partition replaced by N
 * concurrent commits ends with one current file, and of two commits removing the same files
 * exactly one succeeds (compare-and-set) while the other fails with a conflict, changing nothing.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCatalog, type TestCatalog } from '../test/fixtures/test-catalog.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { commit, CommitConflictError, ensureTable, filesAsOf, latestSnapshotId, tableHistory, type StagedFile } from './index.ts'

const TABLE = 'mes.readings'

describe.each(appDatabases)('concurrent commits on $name', (database) => {
  let test: TestCatalog
  let staged = 0
  beforeEach(async () => {
    test = await createTestCatalog({ database })
    await ensureTable(test.catalog, { name: TABLE, layer: 'mes', columns: [{ name: 'v', type: 'BIGINT' }] })
  })
  afterEach(() => test.close())

  /** A staged file (its bytes do not matter to a commit). */
  function file(partition: string, rowCount = 1): StagedFile {
    const localFile = join(test.dir, `staged-${++staged}.parquet`)
    writeFileSync(localFile, `file ${staged}`)
    return { table: TABLE, localFile, rowCount, partition }
  }

  it('replace one partition from eight commits at once and leave one current file, each commit a snapshot of its own', async () => {
    await commit(test.catalog, { operation: 'append', add: [file('2026-12-01'), file('2026-12-02')] })
    const before = await latestSnapshotId(test.catalog)
    const results = await Promise.all(
      Array.from({ length: 8 }, () => commit(test.catalog, { operation: 'replace', add: [file('2026-12-01', 5)], remove: [{ table: TABLE, partitions: ['2026-12-01'] }] })),
    )
    const current = await filesAsOf(test.catalog, TABLE)
    expect(current.filter((f) => f.partition === '2026-12-01')).toHaveLength(1)
    expect(current.filter((f) => f.partition === '2026-12-02')).toHaveLength(1)
    // Snapshot ids follow commit order: the current file is the one of the newest snapshot.
    const newest = Math.max(...results.map((r) => r.snapshotId))
    expect(current.find((f) => f.partition === '2026-12-01')?.id).toBe(results.find((r) => r.snapshotId === newest)?.files[0]?.id)
    expect(results.map((r) => r.snapshotId).sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => before + 1 + i))
    // Every snapshot in between shows exactly one file of the partition, too.
    for (let snapshot = before + 1; snapshot <= newest; snapshot++) {
      expect((await filesAsOf(test.catalog, TABLE, snapshot)).filter((f) => f.partition === '2026-12-01')).toHaveLength(1)
    }
  })

  it('let one of two commits removing the same files win; the other fails with a conflict and changes nothing', async () => {
    const { files } = await commit(test.catalog, { operation: 'append', add: [file('p'), file('p'), file('p')] })
    const fileIds = files.map((f) => f.id)
    const snapshotsBefore = (await tableHistory(test.catalog, TABLE)).length
    const outcomes = await Promise.allSettled([
      commit(test.catalog, { operation: 'compact', add: [file('p', 3)], remove: [{ table: TABLE, fileIds }] }),
      commit(test.catalog, { operation: 'compact', add: [file('p', 3)], remove: [{ table: TABLE, fileIds }] }),
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const failed = outcomes.find((o) => o.status === 'rejected')!
    expect(failed.reason).toBeInstanceOf(CommitConflictError)
    const won = outcomes.find((o) => o.status === 'fulfilled')!.value
    expect((await filesAsOf(test.catalog, TABLE)).map((f) => f.id)).toEqual(won.files.map((f) => f.id))
    expect(await tableHistory(test.catalog, TABLE)).toHaveLength(snapshotsBefore + 1)
  })

  it('register a table once when instances declare it at the same moment', async () => {
    const definition = { name: 'kpi.shared', layer: 'kpi' as const, columns: [{ name: 'day', type: 'DATE' }] }
    const declared = await Promise.all(Array.from({ length: 4 }, () => ensureTable(test.catalog, definition)))
    expect(declared.map((t) => t.schemaVersion)).toEqual([1, 1, 1, 1])
    expect(await test.catalog.db.selectFrom('catalog_tables').select('name').where('name', '=', 'kpi.shared').execute()).toHaveLength(1)
  })
})
