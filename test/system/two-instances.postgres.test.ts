/**
 * Two `cockpit start` processes as one system (issue 16), on one real PostgreSQL (the project's),
 * one real S3 server and one real Kafka broker (both started by this file): the same
 * COCKPIT_DATABASE_URL, the catalog at one s3:// location, the MES dumps in an S3 bucket, one
 * topic and consumer group. Each scenario gets a fresh database, catalog prefix and topic:
 * - both stream; every reading of every partition is in sensors.readings once, as read on
 *   either instance; sessions, API tokens and login throttling are shared;
 * - A killed with SIGKILL while it commits sensor readings: B takes its partitions over, and
 *   every message on the topic ends stored exactly once (the stream audit);
 * - the holder of mes-ingest SIGKILLed mid-run, the holder of kpi-rebuild SIGKILLed mid-run:
 *   the other instance finishes the job, and the mes, quarantine and KPI tables end equal (row
 *   counts and digests) to a clean single-instance run over the same dumps;
 * - both told to run mes-ingest at the same moment: one run, one set of rows.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { Kafka, logLevel } from 'kafkajs'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createS3Client } from '../../catalog/index.ts'
import { writeDay } from '../../jobs/simulator/index.ts'
import { createPostgresDatabase, queryPostgres as query } from '../harness/app-databases.ts'
import { runCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { Instances, jobSettled, sensorPartitionsOf } from '../harness/instances.ts'
import { startKafka, type KafkaBroker } from '../harness/kafka.ts'
import { startS3, type S3Server } from '../harness/s3.ts'
import type { CatalogLocation } from '../sensors/data-dir-catalog.ts'
import { auditStream, expectExactlyOnce } from '../sensors/stream-audit.ts'
import { startStreamProducer, type StreamProducer } from '../sensors/stream-producer.ts'
import { until } from '../sensors/until.ts'
import { fingerprintCatalog, type TableFingerprint } from './catalog-fingerprint.ts'

const PLANT_TZ = 'Europe/Berlin'
const DAYS = ['2026-11-28', '2026-11-29', '2026-11-30']
const PARTITIONS = 4
/** kafkajs's default consumer session timeout (the product sets none): how long the group waits for a silent member. */
const SESSION_TIMEOUT_MS = 30_000
const stamp = Date.now()
const mesBucket = `mes-${stamp}`
const lakeBucket = `lake-${stamp}`
const mesSource = `s3://${mesBucket}/daily`
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-two-instances-'))
const instances = new Instances()
const producers: StreamProducer[] = []
let s3: S3Server
let kafka: KafkaBroker
let client: S3Client
let clean: TableFingerprint[] = []

interface Cluster {
  /** What both instances are started with. */
  env: NodeJS.ProcessEnv
  databaseUrl: string
  topic: string
  group: string
  catalog: CatalogLocation
}

const s3Env = (): NodeJS.ProcessEnv => ({ COCKPIT_S3_ENDPOINT: s3.endpoint, COCKPIT_S3_REGION: s3.region, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey })
const s3Options = () => ({ endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey })
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A fresh database, catalog prefix and topic, shared by the instances of one scenario. */
async function cluster(name: string): Promise<Cluster> {
  const databaseUrl = await createPostgresDatabase()
  const topic = `${name}-${stamp}`
  const group = `${topic}-group`
  const admin = new Kafka({ clientId: 'two-instances-test', brokers: [kafka.brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true })
  await admin.disconnect()
  const catalogUrl = `s3://${lakeBucket}/${name}`
  const env = {
    ...s3Env(),
    COCKPIT_DATABASE_URL: databaseUrl,
    COCKPIT_CATALOG: catalogUrl,
    COCKPIT_MES_SOURCE: mesSource,
    // No scheduled MES run during the test (1 January only): every run here is one the test asked for.
    COCKPIT_MES_SCHEDULE: '0 0 1 1 *',
    COCKPIT_KAFKA_BROKERS: kafka.brokers,
    COCKPIT_KAFKA_TOPIC: topic,
    COCKPIT_KAFKA_GROUP: group,
    COCKPIT_KAFKA_WINDOWS_TOPIC: `${topic}-windows`,
    COCKPIT_SENSOR_COMMIT_MS: '500',
    COCKPIT_PLANT_TZ: PLANT_TZ,
  }
  return { env, databaseUrl, topic, group, catalog: { databaseUrl, catalog: catalogUrl, s3: s3Options() } }
}

/** Offsets committed with the data (PostgreSQL's stream_offsets), by partition. */
async function committed(c: Cluster): Promise<Map<number, number>> {
  const rows = await query(c.databaseUrl, `SELECT partition, next_offset FROM stream_offsets WHERE consumer = '${c.group}' AND topic = '${c.topic}'`)
  return new Map(rows.map((row) => [Number(row.partition), Number(row.next_offset)]))
}

async function topicEnd(topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'two-instances-end', brokers: [kafka.brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
  } finally {
    await admin.disconnect()
  }
}

const sum = (offsets: Map<number, number>): number => [...offsets.values()].reduce((a, b) => a + b, 0)

async function caughtUp(c: Cluster): Promise<void> {
  await until(async () => sum(await committed(c)) === (await topicEnd(c.topic)), 'everything on the topic to be committed', 180_000)
}

interface ReadingFigures {
  rows: number
  distinct: number
  partitions: number
}

/** sensors.readings as an instance's SQL answers it. */
async function readingsOn(cockpit: ServedCockpit): Promise<ReadingFigures> {
  const response = await cockpit.api('/api/sql', json('POST', { sql: 'SELECT count(*), count(DISTINCT (sensor_id, ts)), count(DISTINCT kafka_partition) FROM sensors.readings' }))
  expect(response.status).toBe(200)
  const [rows, distinct, partitions] = ((await response.json()).rows as unknown[][])[0]!.map(Number)
  return { rows: rows!, distinct: distinct!, partitions: partitions! }
}

/** Asks `cockpit` to run `job` until it accepts (202): refused with 409 naming `holder` while the dead holder's lease lives. The wait in ms. */
async function runWhenLeaseFrees(cockpit: ServedCockpit, job: string, holder: ServedCockpit): Promise<number> {
  const asked = Date.now()
  let response = await cockpit.api(`/api/jobs/${job}/run`, { method: 'POST' })
  // The 30 s lease may in principle have run out already on a very slow machine; then the run simply starts.
  if (response.status === 409) {
    expect((await response.json()).error).toEqual({ code: 'job-running-elsewhere', message: `job ${job} is running on another instance: ${hostname()} pid ${holder.child.pid}`, field: 'name' })
    for (let i = 0; i < 400 && response.status === 409; i++) {
      await sleep(250)
      response = await cockpit.api(`/api/jobs/${job}/run`, { method: 'POST' })
    }
  }
  expect(response.status).toBe(202)
  return Date.now() - asked
}

async function killedBySigkill(cockpit: ServedCockpit): Promise<void> {
  await cockpit.exited
  expect(cockpit.child.signalCode, cockpit.output().slice(-4000)).toBe('SIGKILL')
}

async function uploadDumps(): Promise<void> {
  const landing = join(scratch, 'landing')
  for (const day of DAYS) await writeDay({ landingDir: landing, day, plantTz: PLANT_TZ, machines: 3 })
  const files = readdirSync(landing, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(landing, name)).isFile())
  for (const file of files.sort()) await client.send(new PutObjectCommand({ Bucket: mesBucket, Key: `daily/${file}`, Body: readFileSync(join(landing, file)) }))
}

beforeAll(async () => {
  ;[s3, kafka] = await Promise.all([startS3(), startKafka()])
  client = createS3Client(s3Options())
  for (const bucket of [mesBucket, lakeBucket]) await client.send(new CreateBucketCommand({ Bucket: bucket }))
  await uploadDumps()
  // The single-instance reference: the same dumps ingested by one process into a catalog of its own (SQLite, local folder).
  const dataDir = join(scratch, 'clean')
  const run = runCockpit(['ingest', 'mes', mesSource, '--data-dir', dataDir], { ...s3Env(), COCKPIT_PLANT_TZ: PLANT_TZ })
  expect(await run.exited, run.output()).toBe(0)
  clean = await fingerprintCatalog(dataDir)
  for (const table of clean.filter((t) => t.table.startsWith('mes.') || t.table.startsWith('kpi.'))) expect(table.rows, table.table).toBeGreaterThan(0)
}, 300_000)
afterEach(async () => {
  await Promise.all(producers.splice(0).map((producer) => producer.stop()))
  await instances.stopAll()
})
afterAll(async () => {
  client?.destroy()
  await Promise.all([s3?.stop(), kafka?.stop()])
  rmSync(scratch, { recursive: true, force: true })
})

describe('two cockpit instances on one PostgreSQL, one S3 catalog and one Kafka consumer group', () => {
  it('store every partition’s readings once, readable on both; share sessions, tokens and login throttling; take over the partitions of an instance killed with SIGKILL while it commits', async () => {
    const c = await cluster('stream')
    const a = await instances.serve(c.env)
    const b = await instances.serve(c.env)
    let owned: number[][] = []
    await until(async () => {
      owned = [await sensorPartitionsOf(a), await sensorPartitionsOf(b)]
      return owned[0]!.length > 0 && owned[1]!.length > 0 && owned[0]!.length + owned[1]!.length === PARTITIONS
    }, 'both instances to own partitions', 90_000)

    // Both stream: N readings over all partitions, each stored once, the same as read on A and on B.
    const first = startStreamProducer({ brokers: kafka.brokers, topic: c.topic, sensorPrefix: 'F' })
    producers.push(first)
    await first.reached(800)
    await first.stop()
    await caughtUp(c)
    const expected = { rows: first.valid.size, distinct: first.valid.size, partitions: PARTITIONS }
    expect(await readingsOn(b)).toEqual(expected)
    expect(await readingsOn(a)).toEqual(expected)
    // Each instance committed the partitions it owns, and all of them are on record.
    expect([...(await committed(c)).keys()].sort()).toEqual([0, 1, 2, 3])

    // A session made on A opens B, and so does an API token.
    const admin = await a.as('admin')
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie: `${admin.cookie.name}=${admin.cookie.value}` } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ username: admin.username, role: 'admin' })
    const created = await admin.api('/api/tokens', json('POST', { name: 'shared', role: 'analyst' }))
    expect(created.status).toBe(201)
    const { token } = await created.json()
    expect(await (await fetch(`${b.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ role: 'analyst', via: 'token' })

    // Failed sign-ins spread over A and B are counted together: alone each would allow 5 free
    // failures and lock on its own 6th (attempt 11 of the alternation); together the 6th locks.
    const { username } = await a.as('manager')
    const login = (cockpit: ServedCockpit, password: string) => fetch(`${cockpit.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: cockpit.url }, body: JSON.stringify({ username, password }) })
    let failures = 0
    let locked: Response | undefined
    for (let attempt = 0; attempt < 11 && locked === undefined; attempt++) {
      const response = await login(attempt % 2 === 0 ? a : b, `wrong-password-${attempt}`)
      if (response.status === 429) locked = response
      else {
        expect(response.status).toBe(401)
        failures++
      }
    }
    expect(locked?.status).toBe(429)
    expect((await locked!.json()).error.code).toBe('rate-limited')
    expect(failures).toBeLessThanOrEqual(6)
    // Locked on both, whichever the next attempt goes to.
    expect((await login(a, 'wrong-password-a')).status).toBe(429)
    expect((await login(b, 'wrong-password-b')).status).toBe(429)

    // kill -9 of A while it commits the readings of a running producer (every tenth batch sent twice).
    const ofA = await sensorPartitionsOf(a)
    expect(ofA.length).toBeGreaterThan(0)
    const before = await committed(c)
    const second = startStreamProducer({ brokers: kafka.brokers, topic: c.topic, sensorPrefix: 'G', resendEvery: 10 })
    producers.push(second)
    await second.reached(1_000)
    await until(async () => {
      const now = await committed(c)
      return ofA.every((p) => (now.get(p) ?? 0) > (before.get(p) ?? 0))
    }, 'A to commit readings of the running producer on each of its partitions')
    a.child.kill('SIGKILL')
    const killedAt = Date.now()
    await killedBySigkill(a)
    const atKill = await committed(c)
    // The kill left messages on the topic uncommitted: B has something of A's to recover.
    expect(sum(atKill)).toBeLessThan(await topicEnd(c.topic))

    await until(async () => (await sensorPartitionsOf(b)).length === PARTITIONS, 'B to own every partition', 120_000)
    const takeoverMs = Date.now() - killedAt
    await until(async () => {
      const now = await committed(c)
      return ofA.every((p) => (now.get(p) ?? 0) > (atKill.get(p) ?? 0))
    }, 'B to commit on the partitions it took over', 120_000)
    const firstCommitMs = Date.now() - killedAt
    console.log(`two instances, SIGKILL of A (partitions ${ofA.join(', ')}): B owned every partition ${takeoverMs} ms after the kill, and committed on A's ${firstCommitMs} ms after it`)
    // The group notices a silent member after its session timeout, then rebalances (B learns of
    // it at its next heartbeat, every 3 s, and rejoins): the takeover fits in that, with slack.
    expect(takeoverMs).toBeLessThan(SESSION_TIMEOUT_MS + 15_000)

    const killedCount = second.valid.size + second.malformed.size
    await second.reached(killedCount + 1_000)
    await second.stop()
    await caughtUp(c)
    const acknowledged = { valid: new Set([...first.valid, ...second.valid]), malformed: new Set([...first.malformed, ...second.malformed]) }
    const figures = await auditStream(c.catalog, kafka.brokers, c.topic, acknowledged)
    expectExactlyOnce(figures, `two instances, SIGKILL of one (${second.resent.messages} messages sent twice)`)
    expect(figures.onTopic).toBeGreaterThanOrEqual(figures.produced + second.resent.messages)
    expect(await readingsOn(b)).toEqual({ rows: figures.valid, distinct: figures.valid, partitions: PARTITIONS })
  }, 420_000)

  it('finish mes-ingest on the other instance when its holder is killed mid-run: the tables equal a clean single-instance run', async () => {
    const c = await cluster('mes-kill')
    const holder = await instances.serve({ ...c.env, COCKPIT_TEST_CRASH_AT: 'after-ingest-commit:3' })
    const other = await instances.serve(c.env)
    expect((await holder.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status).toBe(202)
    await killedBySigkill(holder)
    expect(await query(c.databaseUrl, "SELECT holder FROM job_leases WHERE job = 'mes-ingest'")).toEqual([{ holder: `${hostname()} pid ${holder.child.pid}` }])
    // Killed mid-run: three of the dumps are in, the rest are not.
    const objects = DAYS.length * 4
    expect(await query(c.databaseUrl, 'SELECT count(*)::int AS n FROM ingested_objects')).toEqual([{ n: 3 }])

    const waitedMs = await runWhenLeaseFrees(other, 'mes-ingest', holder)
    const runs = await jobSettled(c.databaseUrl, 'mes-ingest', [other])
    console.log(`two instances, SIGKILL of the mes-ingest holder: the other ran it ${waitedMs} ms after first asking (the dead holder's lease)`)
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(1)
    expect(await query(c.databaseUrl, 'SELECT count(*)::int AS n FROM ingested_objects')).toEqual([{ n: objects }])
    expect(await fingerprintCatalog(c.catalog)).toEqual(clean)
  }, 300_000)

  it('finish kpi-rebuild on the other instance when its holder is killed mid-run: the tables equal a clean single-instance run', async () => {
    const c = await cluster('kpi-kill')
    const holder = await instances.serve({ ...c.env, COCKPIT_TEST_CRASH_AT: 'mid-kpi-write:1' })
    const other = await instances.serve(c.env)
    // The MES rows with their KPIs still owed: a `cockpit ingest mes` on the shared catalog, killed at its first KPI file.
    const ingest = runCockpit(['ingest', 'mes', '--data-dir', join(scratch, 'kpi-kill-cli')], { ...c.env, COCKPIT_TEST_CRASH_AT: 'mid-kpi-write:1' })
    await ingest.exited
    expect(ingest.child.signalCode, ingest.output()).toBe('SIGKILL')
    const owed = await fingerprintCatalog(c.catalog)
    expect(owed.filter((t) => !t.table.startsWith('kpi.'))).toEqual(clean.filter((t) => !t.table.startsWith('kpi.')))
    expect(owed.filter((t) => t.table.startsWith('kpi.')).map((t) => t.rows)).toEqual([0, 0])

    expect((await holder.api('/api/jobs/kpi-rebuild/run', { method: 'POST' })).status).toBe(202)
    await killedBySigkill(holder)
    expect(await query(c.databaseUrl, "SELECT holder FROM job_leases WHERE job = 'kpi-rebuild'")).toEqual([{ holder: `${hostname()} pid ${holder.child.pid}` }])
    const waitedMs = await runWhenLeaseFrees(other, 'kpi-rebuild', holder)
    const runs = await jobSettled(c.databaseUrl, 'kpi-rebuild', [other])
    console.log(`two instances, SIGKILL of the kpi-rebuild holder: the other ran it ${waitedMs} ms after first asking (the dead holder's lease)`)
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(1)
    expect(await fingerprintCatalog(c.catalog)).toEqual(clean)
  }, 300_000)

  it('run mes-ingest once when both are asked at the same moment, with the rows of a single-instance run', async () => {
    const c = await cluster('mes-once')
    const a = await instances.serve(c.env)
    const b = await instances.serve(c.env)
    // Signed in first (B makes its admin with `cockpit user add`, A's already exists), so the two requests leave together.
    const admins = await Promise.all([a, b].map((cockpit) => cockpit.as('admin')))
    const answers = await Promise.all(admins.map((admin) => admin.api('/api/jobs/mes-ingest/run', { method: 'POST' })))
    // Either both were accepted and the later lease taking was refused, or the later request saw the lease: never two runs.
    for (const answer of answers) expect([202, 409]).toContain(answer.status)
    expect(answers.some((answer) => answer.status === 202)).toBe(true)
    for (const answer of answers.filter((r) => r.status === 409)) expect((await answer.json()).error.code).toBe('job-running-elsewhere')
    const runs = await jobSettled(c.databaseUrl, 'mes-ingest', [a, b])
    expect(runs).toEqual([expect.objectContaining({ status: 'succeeded' })])
    expect(await fingerprintCatalog(c.catalog)).toEqual(clean)
  }, 240_000)
})
