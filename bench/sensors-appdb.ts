/**
 * Sensor throughput end to end with the catalog's metadata in PostgreSQL against SQLite (issue
 * 16: "PostgreSQL costs the sensor throughput no more than 10 %"). The `sensors` benchmark's
 * topic and workers (./sensors.ts, ./sensors-worker.ts): the plant-mode consumer reads the whole
 * preloaded topic, validates, windows and commits it with its offsets, once with its app database
 * in a SQLite file and once in a real PostgreSQL 15 on loopback (the test harness's server, a new
 * database per run). The two alternate — sqlite, postgres, postgres, sqlite, … — with a raw
 * kafkajs read between pairs, so that each PostgreSQL run is compared with the SQLite run beside
 * it: this VM's speed drifts within a minute.
 *
 * Env: BENCH_SENSORS_MESSAGES (default 2,000,000), BENCH_SENSORS_PARTITIONS, BENCH_APPDB_PAIRS
 * (default 3), BENCH_SENSORS_KAFKA_DIR (as in ./sensors.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKafka } from '../test/harness/kafka.ts'
import { startPostgres } from '../test/harness/postgres.ts'
import type { Benchmark } from './run.ts'
import { line, perSecond, preload, runWorker } from './sensors.ts'
import type { SensorsResult } from './sensors-worker.ts'
import { median } from './stats.ts'

const MESSAGES = Number(process.env.BENCH_SENSORS_MESSAGES ?? 2_000_000)
const PAIRS = Number(process.env.BENCH_APPDB_PAIRS ?? 3)
const GOAL_COST = 0.1

interface Pair {
  sqlite: SensorsResult
  postgres: SensorsResult
}

function report(pairs: Pair[]): void {
  console.log(`\n| pair | SQLite msg/s | PostgreSQL msg/s | PostgreSQL / SQLite | commits (SQLite / PostgreSQL) |`)
  console.log(`| --- | --- | --- | --- | --- |`)
  const ratios = pairs.map((pair, i) => {
    const ratio = perSecond(pair.postgres) / perSecond(pair.sqlite)
    console.log(`| ${i + 1} | ${Math.round(perSecond(pair.sqlite)).toLocaleString('en')} | ${Math.round(perSecond(pair.postgres)).toLocaleString('en')} | ${ratio.toFixed(2)} | ${pair.sqlite.commits} / ${pair.postgres.commits} |`)
    return ratio
  })
  const cost = 1 - median(ratios)
  console.log(`median PostgreSQL / SQLite ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}): cost ${(cost * 100).toFixed(1)} %, goal ≤ ${GOAL_COST * 100} %: ${cost <= GOAL_COST ? 'met' : 'MISSED'}`)
  for (const pair of pairs) {
    for (const result of [pair.sqlite, pair.postgres]) if (result.catalogReadings !== MESSAGES) console.log(`  WARNING: a catalog holds ${result.catalogReadings} readings, expected ${MESSAGES}`)
  }
}

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-sensors-appdb-'))
  const broker = await startKafka({ dataDir: process.env.BENCH_SENSORS_KAFKA_DIR })
  const postgres = await startPostgres()
  try {
    const topic = 'bench-sensor-readings'
    const ends = await preload(broker.brokers, topic)
    const base = { brokers: broker.brokers, topic, total: MESSAGES, ends }
    console.log(line('warm-up', await runWorker({ ...base, mode: 'raw' }, scratch)) + '  (not counted)')
    const product = async (database: 'sqlite' | 'postgres', n: number): Promise<SensorsResult> => {
      const databaseUrl = database === 'postgres' ? await postgres.createDatabase(`bench_sensors_${n}`) : undefined
      const result = await runWorker({ ...base, mode: 'product', databaseUrl }, scratch)
      console.log(line(database, result))
      return result
    }
    const pairs: Pair[] = []
    for (let n = 0; n < PAIRS; n++) {
      const order: ('sqlite' | 'postgres')[] = n % 2 === 0 ? ['sqlite', 'postgres'] : ['postgres', 'sqlite']
      const results: Partial<Pair> = {}
      for (const database of order) results[database] = await product(database, n)
      pairs.push(results as Pair)
      console.log(line('raw', await runWorker({ ...base, mode: 'raw' }, scratch)))
    }
    report(pairs)
  } finally {
    await postgres.stop()
    await broker.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const sensorsAppDbBenchmark: Benchmark = {
  name: 'sensors-appdb',
  description: 'Kafka → catalog sensor throughput with the catalog metadata in PostgreSQL vs SQLite, alternating in one run',
  run,
}
