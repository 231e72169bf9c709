/**
 * Faults on the real broker, each while a producer streams valid and malformed sensor messages:
 * the cockpit process SIGKILLed and restarted on its data dir; the broker stopped and started
 * again on its data dir; a process dying between writing a batch's files and committing them.
 * After each, once the consumer has caught up: every valid (sensor_id, ts) is in sensors.readings
 * once, no Kafka message is stored twice, and every malformed message is in quarantine.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openAppDb } from '../../db/index.ts'
import { runCockpit, serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { startKafka, type KafkaBroker } from '../harness/kafka.ts'
import { freePort } from '../harness/ports.ts'
import { auditStream, expectExactlyOnce } from './stream-audit.ts'
import { startStreamProducer, type StreamProducer } from './stream-producer.ts'
import { until } from './until.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function streamEnv(brokers: string, name: string): Record<string, string> {
  return {
    COCKPIT_KAFKA_BROKERS: brokers,
    COCKPIT_KAFKA_TOPIC: name,
    COCKPIT_KAFKA_GROUP: `${name}-group`,
    COCKPIT_KAFKA_WINDOWS_TOPIC: `${name}-windows`,
    COCKPIT_SENSOR_COMMIT_MS: '500',
    COCKPIT_LOG_LEVEL: 'warn',
  }
}

async function createTopic(brokers: string, topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'faults-test', brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
  await admin.disconnect()
}

async function serve(dataDir: string, env: Record<string, string>): Promise<ServedCockpit> {
  const cockpit = await serveCockpit({ env, dataDir })
  cleanups.push(async () => void (cockpit.child.exitCode === null && cockpit.child.signalCode === null && (await cockpit.stop())))
  return cockpit
}

/** Offsets committed with the data, summed over partitions, read from the data dir's app database. */
async function committedTotal(dataDir: string, group: string, topic: string): Promise<number> {
  const db = await openAppDb({ file: join(dataDir, 'app.sqlite') })
  try {
    const rows = await db.selectFrom('stream_offsets').select('next_offset').where('consumer', '=', group).where('topic', '=', topic).execute()
    return rows.reduce((sum, row) => sum + Number(row.next_offset), 0)
  } finally {
    await db.destroy()
  }
}

/** Messages on the topic (copies included), summed over partitions. */
async function topicEnd(brokers: string, topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'faults-topic-end', brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
  } finally {
    await admin.disconnect()
  }
}

/** Everything on the topic is committed to the catalog (read exactly, not through the cached health lag). */
async function caughtUp(dataDir: string, brokers: string, env: Record<string, string>): Promise<void> {
  const committed = () => committedTotal(dataDir, env.COCKPIT_KAFKA_GROUP!, env.COCKPIT_KAFKA_TOPIC!)
  await until(async () => (await committed()) === (await topicEnd(brokers, env.COCKPIT_KAFKA_TOPIC!)), 'the cockpit to commit everything on the topic', 180_000)
}

async function someCommitted(dataDir: string, env: Record<string, string>): Promise<void> {
  await until(async () => (await committedTotal(dataDir, env.COCKPIT_KAFKA_GROUP!, env.COCKPIT_KAFKA_TOPIC!)) > 0, 'a first commit', 120_000)
}

async function stopped(cockpit: ServedCockpit): Promise<void> {
  const code = await cockpit.stop()
  expect(code, cockpit.output().slice(-6000)).toBe(0)
}

describe('sensor stream faults', () => {
  it('a cockpit killed with SIGKILL mid-stream and restarted on its data dir loses and doubles nothing', async () => {
    const brokers = inject('kafka').brokers
    const env = streamEnv(brokers, `fault-kill-${Date.now()}`)
    await createTopic(brokers, env.COCKPIT_KAFKA_TOPIC!)
    const dataDir = scratchDir('fault-kill-')
    // Every tenth batch twice: copies of valid and malformed messages at their own offsets.
    const producer = startStreamProducer({ brokers, topic: env.COCKPIT_KAFKA_TOPIC!, resendEvery: 10 })
    cleanups.push(() => producer.stop())
    const first = await serve(dataDir, env)
    await producer.reached(1_000)
    await someCommitted(dataDir, env)
    first.child.kill('SIGKILL')
    await first.exited
    const killedAt = producer.valid.size + producer.malformed.size
    // The kill left messages on the topic uncommitted: the restart has something to recover.
    // Offsets count the resent copies too, so they are compared with the topic's end, not killedAt.
    expect(await committedTotal(dataDir, env.COCKPIT_KAFKA_GROUP!, env.COCKPIT_KAFKA_TOPIC!)).toBeLessThan(await topicEnd(brokers, env.COCKPIT_KAFKA_TOPIC!))
    await producer.reached(killedAt + 1_000)
    const second = await serve(dataDir, env)
    await producer.reached(killedAt + 2_000)
    await producer.stop()
    await caughtUp(dataDir, brokers, env)
    await stopped(second)
    const figures = await auditStream(dataDir, brokers, env.COCKPIT_KAFKA_TOPIC!, producer)
    expectExactlyOnce(figures, `SIGKILL (${producer.resent.messages} messages sent twice)`)
    // The copies are on the topic and stored at their own positions: valid ones as more rows of
    // readings already there, malformed ones as more quarantine rows.
    // (A send that timed out and was retried may have landed twice as well.)
    expect(figures.onTopic).toBeGreaterThanOrEqual(figures.produced + producer.resent.messages)
    if (producer.retries === 0) expect(figures.onTopic).toBe(figures.produced + producer.resent.messages)
    expect(figures.readingRows).toBeGreaterThan(figures.distinctReadings)
    expect(figures.quarantined).toBeGreaterThan(figures.malformed)
  })

  it('a broker stopped and started again while producing: the producer retries, the consumer resumes', { timeout: 300_000 }, async () => {
    const kafkaDir = scratchDir('fault-broker-')
    const port = await freePort()
    let broker: KafkaBroker = await startKafka({ port, dataDir: kafkaDir })
    cleanups.push(() => broker.stop())
    const brokers = broker.brokers
    const env = streamEnv(brokers, `fault-broker-${Date.now()}`)
    await createTopic(brokers, env.COCKPIT_KAFKA_TOPIC!)
    const dataDir = scratchDir('fault-broker-data-')
    const producer: StreamProducer = startStreamProducer({ brokers, topic: env.COCKPIT_KAFKA_TOPIC! })
    cleanups.push(() => producer.stop())
    const cockpit = await serve(dataDir, env)
    await producer.reached(1_000)
    await someCommitted(dataDir, env)
    await broker.stop()
    await until(() => producer.retries > 0, 'the producer to notice the broker is gone')
    broker = await startKafka({ port, dataDir: kafkaDir })
    const restartedAt = producer.valid.size + producer.malformed.size
    await producer.reached(restartedAt + 1_500)
    await producer.stop()
    await caughtUp(dataDir, brokers, env)
    expect(cockpit.child.exitCode).toBeNull()
    // Its health summary reconnected too: the lag it reports comes down to 0.
    await until(async () => (await (await fetch(`${cockpit.url}/api/health`)).json()).components.sensorSource.pipeline?.consumerLag === 0, 'no lag in /api/health after the restart')
    await stopped(cockpit)
    expectExactlyOnce(await auditStream(dataDir, brokers, env.COCKPIT_KAFKA_TOPIC!, producer), `broker restart (${producer.retries} producer retries)`)
  })

  it('a process dying between writing a batch’s files and committing them: restart is exact, vacuum removes the orphans', async () => {
    const brokers = inject('kafka').brokers
    const env = streamEnv(brokers, `fault-commit-${Date.now()}`)
    await createTopic(brokers, env.COCKPIT_KAFKA_TOPIC!)
    const dataDir = scratchDir('fault-commit-')
    const producer = startStreamProducer({ brokers, topic: env.COCKPIT_KAFKA_TOPIC! })
    cleanups.push(() => producer.stop())
    await producer.reached(500)

    const script = fileURLToPath(new URL('./fixtures/crash-in-commit.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, COCKPIT_DATA_DIR: dataDir, CRASH_AT_COMMIT: '3', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    expect(signal, output).toBe('SIGKILL')
    const orphans: string[] = JSON.parse(output.split('\n').find((line) => line.startsWith('{"orphans"')) ?? '{"orphans":[]}').orphans
    expect(orphans.length).toBeGreaterThan(0)
    const orphanFiles = orphans.map((key) => join(dataDir, 'catalog', key))
    for (const file of orphanFiles) expect(existsSync(file), file).toBe(true)

    const cockpit = await serve(dataDir, env)
    const restartedAt = producer.valid.size + producer.malformed.size
    await producer.reached(restartedAt + 1_000)
    await producer.stop()
    await caughtUp(dataDir, brokers, env)
    await stopped(cockpit)
    const figures = await auditStream(dataDir, brokers, env.COCKPIT_KAFKA_TOPIC!, producer)
    expectExactlyOnce(figures, 'crash between files and commit')

    // The orphans are still on disk; once older than vacuum's safety margin (an hour), it removes them.
    for (const file of orphanFiles) expect(existsSync(file), file).toBe(true)
    const anHourAgo = new Date(Date.now() - 2 * 3_600_000)
    for (const file of orphanFiles) utimesSync(file, anHourAgo, anHourAgo)
    const vacuum = runCockpit(['vacuum'], { COCKPIT_DATA_DIR: dataDir, COCKPIT_LOG_LEVEL: 'warn' })
    expect(await vacuum.exited, vacuum.output()).toBe(0)
    expect(vacuum.output()).toMatch(new RegExp(`deleted ${orphans.length} unregistered file`))
    for (const file of orphanFiles) expect(existsSync(file), file).toBe(false)
    console.log(`crash between files and commit: ${orphans.length} orphaned file(s); ${vacuum.output().trim()}`)
    expect(await auditStream(dataDir, brokers, env.COCKPIT_KAFKA_TOPIC!, producer)).toEqual(figures)
  })
})
