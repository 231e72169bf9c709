/**
 * The history both Iceberg reader tests (local folder, S3) publish and read: MES dumps ingested
 * (with KPIs), sensor readings committed with a redelivered one, an earlier snapshot noted, then a
 * corrected re-export of the production counts and more readings; and the comparison of what
 * PyIceberg reads with what the catalog's own views (`cockpit sql`) show at both snapshots.
 */
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { compactTable, createLocalStorage, latestSnapshotId } from '../../catalog/index.ts'
import { publishIceberg, type PublishResult } from '../../catalog/iceberg/index.ts'
import { ingestMes, openDuckDbSession, silentLogger } from '../../jobs/index.ts'
import { openBatchCommitter } from '../../jobs/sensors/commit/index.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'
import type { TestCatalog } from '../fixtures/test-catalog.ts'
import { readWithPyIceberg, type IcebergReadResult } from '../harness/pyiceberg.ts'

export const TABLES = ['mes.production_counts', 'kpi.machine_daily', 'sensors.readings']
const t0 = Date.parse('2026-11-24T08:00:00Z')

export interface Scenario {
  earlier: number
  latest: number
}

/** Every row of `table` as of `asOf`, from the catalog's views or from a Parquet file PyIceberg wrote, sorted. */
export async function rows(test: TestCatalog, table: string, asOf: number, parquet?: string): Promise<Record<string, unknown>[]> {
  const from = parquet === undefined ? table : `read_parquet('${parquet}')`
  return test.query(`SELECT * FROM ${from} ORDER BY ALL`, { asOf })
}

async function ingestLanding(test: TestCatalog, landing: string): Promise<void> {
  await ingestMes({ catalog: test.catalog, source: createLocalStorage(landing), sourceName: landing, plantTz: 'UTC', tempDir: join(test.dir, 'tmp'), trigger: 'cli', logger: silentLogger })
}

/** Commits readings of sensor T1 (°C = 60 + second unless given), each at its Kafka offset on partition 0. */
export async function commitReadings(test: TestCatalog, readings: { second: number; offset: number; celsius?: number }[]): Promise<void> {
  const committer = await openBatchCommitter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), position: { consumer: 'g', topic: 't', kind: 'kafka' }, allowedLatenessMs: 0 })
  try {
    for (const r of readings) {
      committer.batch.addReading({ sensorId: 'T1', machineId: 'M01', ts: t0 + r.second * 1000, temperatureC: r.celsius ?? 60 + r.second }, 0, r.offset)
      committer.observe(t0 + r.second * 1000)
    }
    committer.batch.nextOffsets.set(0, String(Math.max(...readings.map((r) => r.offset)) + 1))
    await committer.flush()
  } finally {
    committer.close()
  }
}

export async function buildHistory(test: TestCatalog): Promise<Scenario> {
  const landing = join(test.dir, 'landing')
  await writeDirtyDumps(landing)
  await ingestLanding(test, landing)
  await commitReadings(test, [{ second: 0, offset: 0 }, { second: 20, offset: 1 }, { second: 40, offset: 2 }])
  // The same reading delivered again (a producer retry): a later offset of the same (sensor, ts).
  await commitReadings(test, [{ second: 20, offset: 3, celsius: 81 }, { second: 70, offset: 4 }])
  const earlier = await latestSnapshotId(test.catalog)

  // A corrected re-export of the production counts: the 08:00 period supersedes the first export's.
  const corrected = join(landing, 'production_counts', '2026-11-24-corrected.json')
  writeFileSync(corrected, JSON.stringify([{ machine_id: 'M01', order_id: 'O1', product_id: 'P-100', period_start: '2026-11-24T08:00:00Z', period_end: '2026-11-24T09:00:00Z', good_count: 90, scrap_count: 15 }]))
  utimesSync(corrected, new Date('2026-11-25T06:00:00Z'), new Date('2026-11-25T06:00:00Z'))
  await ingestLanding(test, landing)
  await commitReadings(test, [{ second: 40, offset: 5, celsius: 99 }, { second: 130, offset: 6 }])
  // Compaction replaces the readings' files (the earlier snapshot still names the old ones), and a
  // later redelivery supersedes a row inside the merged file.
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
  try {
    expect((await compactTable(test.catalog, { table: 'sensors.readings', connection: session.connection })).snapshotId).toBeDefined()
  } finally {
    session.close()
  }
  await commitReadings(test, [{ second: 0, offset: 7, celsius: 5 }])
  return { earlier, latest: await latestSnapshotId(test.catalog) }
}

export async function publish(test: TestCatalog): Promise<PublishResult> {
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
  try {
    return await publishIceberg(test.catalog, session.connection)
  } finally {
    session.close()
  }
}

/** PyIceberg reads the three tables at both snapshots; each read equals the views. Returns what it read. */
export async function expectPyIcebergReadsSameRows(test: TestCatalog, scenario: Scenario, fileIo: Record<string, string> = {}): Promise<IcebergReadResult> {
  const reads = TABLES.flatMap((table) => [
    { table, out: join(test.dir, `${table}-latest.parquet`) },
    { table, asOf: scenario.earlier, out: join(test.dir, `${table}-earlier.parquet`) },
  ])
  const result = await readWithPyIceberg(`sqlite:///${join(test.dir, 'app.sqlite')}`, reads, fileIo)
  for (const read of reads) {
    const asOf = read.asOf ?? scenario.latest
    const ours = await rows(test, read.table, asOf)
    expect(ours.length, `${read.table} as of ${asOf}`).toBeGreaterThan(0)
    expect(await rows(test, read.table, asOf, read.out), `${read.table} as of ${asOf}`).toEqual(ours)
  }
  // The keyed tables needed deletes; the KPI table (rebuilt, not keyed) none.
  const deletes = Object.fromEntries(result.map((r) => [`${r.table}@${r.snapshot === null || r.snapshot > scenario.earlier ? 'latest' : 'earlier'}`, r.deleteFiles]))
  expect(deletes['sensors.readings@earlier']).toBeGreaterThan(0)
  expect(deletes['sensors.readings@latest']).toBeGreaterThan(0)
  expect(deletes['mes.production_counts@latest']).toBeGreaterThan(0)
  expect(deletes['kpi.machine_daily@latest']).toBe(0)
  return result
}
