/**
 * Two `cockpit start` instances as one system (issue 16): one PostgreSQL app database, one
 * catalog on S3 (moto), one Kafka consumer group, on this 2-core machine — which cannot show
 * scaling, so the figures are what two instances cost and give, not a speed-up:
 * - combined rate: BENCH_INSTANCES_MESSAGES (default 1,000,000) preloaded sensor messages on
 *   BENCH_SENSORS_PARTITIONS (default 4) partitions, consumed to the end (offsets committed with
 *   the data) by one instance, then by two started together on a fresh database and catalog.
 *   Reference: a raw kafkajs read of the same topic in the same run.
 * - read latency on the instance that did not write: after the one-instance run, a second
 *   instance joins the same database and catalog (nothing left to consume) and the same catalog
 *   queries are timed on the writer and on it, alternating; its first query (cold: the table's
 *   files come from S3 into its own cache) is reported apart.
 * Each run is timed from starting the processes (start-up and joining the group count) to the
 * last offset committed; the rate after the first commit is printed beside it.
 *
 * Env: BENCH_INSTANCES_MESSAGES, BENCH_SENSORS_PARTITIONS, BENCH_INSTANCES_QUERIES (default 20 per
 * instance and query).
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createS3Client } from '../catalog/index.ts'
import { serveCockpit, type ServedCockpit } from '../test/harness/cockpit.ts'
import { startKafka } from '../test/harness/kafka.ts'
import { startPostgres } from '../test/harness/postgres.ts'
import { startS3, type S3Server } from '../test/harness/s3.ts'
import type { Benchmark } from './run.ts'
import { perSecond, preload, runWorker } from './sensors.ts'
import { median } from './stats.ts'

const MESSAGES = Number(process.env.BENCH_INSTANCES_MESSAGES ?? 1_000_000)
const PARTITIONS = Number(process.env.BENCH_SENSORS_PARTITIONS ?? 4)
const QUERIES = Number(process.env.BENCH_INSTANCES_QUERIES ?? 20)
const TIMEOUT_S = Number(process.env.BENCH_INSTANCES_TIMEOUT_S ?? 600)
const TOPIC = 'bench-instances'
const QUERY_SQL = {
  'per machine, all readings': 'SELECT machine_id, count(*) AS n, avg(temperature_c) AS avg_c FROM sensors.readings GROUP BY machine_id ORDER BY machine_id',
  'one sensor, its last 10 minutes': "SELECT ts, temperature_c FROM sensors.readings WHERE sensor_id = 'M07-T3' AND ts > (SELECT max(ts) FROM sensors.readings) - INTERVAL 10 MINUTE ORDER BY ts",
}

interface System {
  name: string
  env: NodeJS.ProcessEnv
  databaseUrl: string
  group: string
}

interface Consumed {
  instances: number
  ms: number
  afterFirstCommitMs: number
  rows: number
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function committed(databaseUrl: string, group: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT coalesce(sum(next_offset::bigint), 0) AS n FROM stream_offsets WHERE consumer = $1 AND topic = $2', [group, TOPIC])
    return Number(rows[0].n)
  } catch (error) {
    // Before the first instance has migrated the database there is no table yet.
    if (/stream_offsets" does not exist/.test(String(error))) return 0
    throw error
  } finally {
    await client.end()
  }
}

async function sql(cockpit: ServedCockpit, query: string): Promise<{ ms: number; rows: unknown[][] }> {
  const started = performance.now()
  const response = await cockpit.api('/api/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: query }) })
  const body = await response.json()
  const ms = performance.now() - started
  if (response.status !== 200) throw new Error(`${cockpit.url} answered ${response.status} to ${query}: ${JSON.stringify(body)}`)
  return { ms, rows: body.rows }
}

async function newSystem(name: string, postgres: Awaited<ReturnType<typeof startPostgres>>, s3: S3Server, brokers: string): Promise<System> {
  const databaseUrl = await postgres.createDatabase(`bench_instances_${name}`)
  const group = `bench-instances-${name}`
  const env = {
    COCKPIT_DATABASE_URL: databaseUrl,
    COCKPIT_CATALOG: `s3://lake/${name}`,
    COCKPIT_S3_ENDPOINT: s3.endpoint,
    COCKPIT_S3_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    COCKPIT_KAFKA_BROKERS: brokers,
    COCKPIT_KAFKA_TOPIC: TOPIC,
    COCKPIT_KAFKA_GROUP: group,
    COCKPIT_KAFKA_WINDOWS_TOPIC: `${TOPIC}-windows-${name}`,
    COCKPIT_LOG_LEVEL: process.env.BENCH_INSTANCES_LOG_LEVEL ?? 'warn',
  }
  return { name, env, databaseUrl, group }
}

/** Starts `instances` cockpits on the system together and waits until they have committed the whole topic. */
async function consume(system: System, instances: number): Promise<{ consumed: Consumed; cockpits: ServedCockpit[] }> {
  const started = performance.now()
  const cockpits = await Promise.all(Array.from({ length: instances }, () => serveCockpit({ env: system.env, timeoutMs: 120_000 })))
  let firstCommit: number | undefined
  let done = 0
  for (const deadline = started + TIMEOUT_S * 1000; performance.now() < deadline; await pause(100)) {
    done = await committed(system.databaseUrl, system.group)
    if (done > 0) firstCommit ??= performance.now()
    if (done >= MESSAGES) break
  }
  if (done < MESSAGES) {
    const logs = cockpits.map((cockpit, i) => {
      const file = join(tmpdir(), `bench-instances-${system.name}-${i}.log`)
      writeFileSync(file, cockpit.output())
      return file
    })
    throw new Error(`${system.name}: ${done} of ${MESSAGES} messages committed after ${TIMEOUT_S} s; the instances' logs: ${logs.join(', ')}`)
  }
  const ms = performance.now() - started
  const { rows } = await sql(cockpits[0]!, 'SELECT count(*) FROM sensors.readings')
  const consumed = { instances, ms, afterFirstCommitMs: performance.now() - (firstCommit ?? started), rows: Number(rows[0]![0]) }
  return { consumed, cockpits }
}

/** The same queries on the writer and on the other instance, alternating; the other's first (cold) run apart. */
async function readLatency(writer: ServedCockpit, other: ServedCockpit): Promise<void> {
  console.log(`\n| query | writer p50 / p95 | other instance: first (cold) | other p50 / p95 | other / writer (p50) | same rows |`)
  console.log(`| --- | --- | --- | --- | --- | --- |`)
  for (const [name, query] of Object.entries(QUERY_SQL)) {
    const cold = await sql(other, query)
    const expected = JSON.stringify((await sql(writer, query)).rows)
    const times = { writer: [] as number[], other: [] as number[] }
    let same = JSON.stringify(cold.rows) === expected
    for (let i = 0; i < QUERIES; i++) {
      for (const side of i % 2 === 0 ? (['writer', 'other'] as const) : (['other', 'writer'] as const)) {
        const answer = await sql(side === 'writer' ? writer : other, query)
        times[side].push(answer.ms)
        if (side === 'other') same &&= JSON.stringify(answer.rows) === expected
      }
    }
    const p = (values: number[], q: number): string => `${[...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!.toFixed(0)}`
    console.log(`| ${name} | ${p(times.writer, 0.5)} / ${p(times.writer, 0.95)} ms | ${cold.ms.toFixed(0)} ms | ${p(times.other, 0.5)} / ${p(times.other, 0.95)} ms | ${(median(times.other) / median(times.writer)).toFixed(2)} | ${same ? 'yes' : 'NO'} |`)
  }
}

function rateLine(label: string, consumed: Consumed, reference: number): string {
  const rate = MESSAGES / (consumed.ms / 1000)
  const steady = MESSAGES / (consumed.afterFirstCommitMs / 1000)
  return `| ${label} | ${(consumed.ms / 1000).toFixed(1)} s | ${Math.round(rate).toLocaleString('en')} | ${Math.round(steady).toLocaleString('en')} | ${(rate / reference).toFixed(2)} | ${consumed.rows.toLocaleString('en')}${consumed.rows === MESSAGES ? '' : ' (WRONG)'} |`
}

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-instances-'))
  const [broker, postgres, s3] = await Promise.all([startKafka(), startPostgres(), startS3()])
  const s3Client = createS3Client(s3)
  const running: ServedCockpit[] = []
  try {
    await s3Client.send(new CreateBucketCommand({ Bucket: 'lake' }))
    const ends = await preload(broker.brokers, TOPIC, MESSAGES, PARTITIONS)
    console.log(`preloaded ${MESSAGES.toLocaleString('en')} messages on ${PARTITIONS} partitions`)
    const raw = await runWorker({ brokers: broker.brokers, topic: TOPIC, total: MESSAGES, ends, mode: 'raw' }, scratch)
    const rawRate = perSecond(raw)

    if (process.env.BENCH_INSTANCES_ONLY === 'two') {
      const two = await consume(await newSystem('two', postgres, s3, broker.brokers), 2)
      running.push(...two.cockpits)
      return console.log(rateLine('two instances, one group', two.consumed, 1))
    }
    const oneSystem = await newSystem('one', postgres, s3, broker.brokers)
    const one = await consume(oneSystem, 1)
    running.push(...one.cockpits)
    // A second instance on the same database and catalog: it finds everything committed.
    const other = await serveCockpit({ env: oneSystem.env, timeoutMs: 120_000 })
    running.push(other)
    await readLatency(one.cockpits[0]!, other)
    for (const cockpit of running.splice(0)) await cockpit.stop()

    const two = await consume(await newSystem('two', postgres, s3, broker.brokers), 2)
    running.push(...two.cockpits)
    console.log(`\n| consumers | until all committed | msg/s | msg/s after the first commit | vs raw kafkajs read | rows in sensors.readings |`)
    console.log(`| --- | --- | --- | --- | --- | --- |`)
    console.log(`| raw kafkajs read (reference) | ${(raw.ms / 1000).toFixed(1)} s | ${Math.round(rawRate).toLocaleString('en')} | – | 1.00 | – |`)
    console.log(rateLine('one instance', one.consumed, rawRate))
    console.log(rateLine('two instances, one group', two.consumed, rawRate))
    console.log(`two instances / one: ${(one.consumed.ms / two.consumed.ms).toFixed(2)}× the rate (2 cores shared by both, PostgreSQL, moto and Kafka)`)
  } finally {
    for (const cockpit of running) await cockpit.stop()
    s3Client.destroy()
    await Promise.all([broker.stop(), postgres.stop(), s3.stop()])
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const instancesBenchmark: Benchmark = {
  name: 'instances',
  description: 'two cockpit instances on one PostgreSQL, one S3 catalog and one Kafka group: combined rate, and read latency on the instance that did not write',
  run,
}
