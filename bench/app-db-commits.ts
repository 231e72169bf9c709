/**
 * Sensor commits with the catalog's metadata in PostgreSQL against SQLite (issue 16: "PostgreSQL
 * costs the sensor throughput no more than 10 %"). Two catalogs in temp folders, their files on
 * local disk, one with its app database in SQLite (as embedded installs) and one in a real
 * PostgreSQL 15 (the test harness's server); the stream's own batch committer
 * (jobs/sensors/commit) commits micro-batches of BENCH_APPDB_READINGS (default 10,000: one
 * second at 10,000 readings/s) readings of 500 sensors, with their one-minute windows, in
 * alternating rounds so that the machine's noise falls on both alike. Per commit: the flush's
 * latency (Parquet files written, then one app-database transaction); per database: readings
 * committed per second of commit time. Kafka is not in this loop: only the commit path differs
 * between the two databases.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openAppDb } from '../db/index.ts'
import { openBatchCommitter, type BatchCommitter } from '../jobs/index.ts'
import { createTestCatalog, type TestCatalog } from '../test/fixtures/test-catalog.ts'
import { startPostgres } from '../test/harness/postgres.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'

const READINGS = Number(process.env.BENCH_APPDB_READINGS ?? 10_000)
const ROUNDS = Number(process.env.BENCH_APPDB_ROUNDS ?? 6)
const COMMITS_PER_ROUND = 10
const SENSORS = 500
const GOAL_COST = 0.1

interface Side {
  name: string
  test: TestCatalog
  committer: BatchCommitter
  latencies: number[]
  offset: number
  /** Event time of the next reading: each side's stream moves on by one second per 500 readings. */
  clock: number
}

async function openSide(name: string, database: { open(): ReturnType<typeof openAppDb> } | undefined): Promise<Side> {
  const test = await createTestCatalog(database === undefined ? {} : { database })
  const committer = await openBatchCommitter({ catalog: test.catalog, tempDir: join(test.dir, 'tmp'), position: { consumer: 'bench', topic: 'bench', kind: 'kafka' }, allowedLatenessMs: 0 })
  return { name, test, committer, latencies: [], offset: 0, clock: Date.parse('2026-12-01T06:00:00Z') }
}

async function commitOnce(side: Side): Promise<void> {
  for (let i = 0; i < READINGS; i++) {
    const sensor = i % SENSORS
    if (sensor === 0 && i > 0) side.clock += 1_000
    const machine = `M${String(sensor % 50).padStart(2, '0')}`
    side.committer.batch.addReading({ sensorId: `${machine}-T${Math.floor(sensor / 50)}`, machineId: machine, ts: side.clock, temperatureC: 60 + (side.offset % 2000) / 100 }, 0, side.offset++)
    side.committer.observe(side.clock)
  }
  side.clock += 1_000
  side.committer.batch.nextOffsets.set(0, String(side.offset))
  const started = performance.now()
  await side.committer.flush()
  side.latencies.push(performance.now() - started)
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

function report(sides: Side[]): void {
  console.log(`| app database | commits | readings per commit | commit median | p95 | max | readings/s of commit time |`)
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`)
  const rates = sides.map((side) => {
    const total = side.latencies.reduce((sum, ms) => sum + ms, 0)
    const rate = (side.latencies.length * READINGS) / (total / 1000)
    console.log(`| ${side.name} | ${side.latencies.length} | ${READINGS.toLocaleString('en')} | ${median(side.latencies).toFixed(0)} ms | ${quantile(side.latencies, 0.95).toFixed(0)} ms | ${Math.max(...side.latencies).toFixed(0)} ms | ${Math.round(rate).toLocaleString('en')} |`)
    return rate
  })
  const cost = 1 - rates[1]! / rates[0]!
  console.log(`PostgreSQL's throughput is ${(rates[1]! / rates[0]!).toFixed(2)}× SQLite's (cost ${(cost * 100).toFixed(1)} %; goal ≤ ${GOAL_COST * 100} %: ${cost <= GOAL_COST ? 'met' : 'MISSED'}); median commit ${(median(sides[1]!.latencies) / median(sides[0]!.latencies)).toFixed(2)}× SQLite's.`)
}

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-appdb-'))
  const server = await startPostgres()
  const sides: Side[] = []
  try {
    sides.push(await openSide('SQLite (file in the data dir)', undefined))
    sides.push(await openSide('PostgreSQL 15 (loopback)', { open: async () => openAppDb({ url: await server.createDatabase('bench_commits'), poolSize: 4 }) }))
    // One unmeasured commit each: DuckDB, the tables and the pools warm up.
    for (const side of sides) {
      await commitOnce(side)
      side.latencies.length = 0
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        for (let i = 0; i < COMMITS_PER_ROUND; i++) await commitOnce(side)
      }
    }
    report(sides)
  } finally {
    for (const side of sides) {
      side.committer.close()
      await side.test.close()
    }
    await server.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const appDbCommitsBenchmark: Benchmark = {
  name: 'app-db-commits',
  description: 'sensor micro-batch commits with the catalog metadata in PostgreSQL vs SQLite, alternating rounds in one run',
  run,
}
