/**
 * The Kafka security settings against a real broker with a SASL_PLAINTEXT listener: the cockpit
 * authenticates with the configured mechanism for every client it opens (probe, consumer group,
 * windows topic), and a wrong password stops the start with the broker's answer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeKafka } from '../../jobs/index.ts'
import { loadSettings } from '../../server/config/index.ts'
import { kafkaConnection } from '../../server/kafka-connection.ts'
import { runCockpit, serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { startKafka, type KafkaBroker } from '../harness/kafka.ts'
import { freePort } from '../harness/ports.ts'
import { queryDataDir } from './data-dir-catalog.ts'
import { until } from './until.ts'

const user = { name: 'cockpit', password: 'cockpit-secret-1' }
let broker: KafkaBroker
let saslBrokers: string
beforeAll(async () => {
  broker = await startKafka({ saslUsers: { [user.name]: user.password } })
  saslBrokers = broker.saslBrokers!
})
afterAll(() => broker?.stop())

/** Signed in where the server wants it (sessions), plain otherwise. */
function api(cockpit: ServedCockpit, path: string): Promise<Response> {
  const signed = (cockpit as { api?: (path: string) => Promise<Response> }).api
  return signed === undefined ? fetch(`${cockpit.url}${path}`) : signed(path)
}

const saslEnv = (mechanism: string, password = user.password) => ({
  COCKPIT_KAFKA_BROKERS: saslBrokers,
  COCKPIT_KAFKA_SASL_MECHANISM: mechanism,
  COCKPIT_KAFKA_SASL_USERNAME: user.name,
  COCKPIT_KAFKA_SASL_PASSWORD: password,
})

describe('SASL to a real broker', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('authenticates with %s from the settings', async (mechanism) => {
    const settings = loadSettings(saslEnv(mechanism))
    const cluster = await probeKafka({ ...kafkaConnection(settings, settings.kafkaBrokers!), timeoutMs: 10_000 })
    expect(cluster.brokers).toBe(1)
  })

  it('is required by the listener: without it, or with a wrong password, the probe fails', async () => {
    await expect(probeKafka({ brokers: [saslBrokers], timeoutMs: 3_000 })).rejects.toThrow(/not reachable/)
    const settings = loadSettings(saslEnv('scram-sha-512', 'wrong-password'))
    await expect(probeKafka({ ...kafkaConnection(settings, settings.kafkaBrokers!), timeoutMs: 10_000 })).rejects.toThrow(/not reachable: .*(SASL|[Aa]uthentication)/)
  })

  it('lets a served cockpit read the sensor topic through SCRAM-SHA-512', async () => {
    const topic = `sasl-readings-${Date.now()}`
    const t0 = Date.now() - 600_000
    const producer = new Kafka({ clientId: 'sasl-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING }).producer()
    await producer.connect()
    await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ key: 'S1', value: JSON.stringify({ sensor_id: `S${i % 3}`, ts: t0 + i * 1000, temperature: 20 + i }) })) })
    await producer.disconnect()
    const env = { ...saslEnv('scram-sha-512'), COCKPIT_KAFKA_TOPIC: topic, COCKPIT_KAFKA_GROUP: `${topic}-group`, COCKPIT_KAFKA_WINDOWS_TOPIC: `${topic}-windows`, COCKPIT_SENSOR_COMMIT_MS: '300', COCKPIT_LOG_LEVEL: 'warn' }
    const cockpit = await serveCockpit({ env, keepData: true })
    try {
      await until(async () => Number((await queryDataDir(cockpit.dataDir, 'SELECT count(*) AS n FROM sensors.readings'))[0]!.n) === 30, 'the 30 readings in the catalog')
      // The health summary: the minute's rate, the last commit, and no lag once all is committed.
      await until(async () => (await (await fetch(`${cockpit.url}/api/health`)).json()).components.sensorSource.pipeline.consumerLag === 0, 'no lag in /api/health')
      const health = await (await fetch(`${cockpit.url}/api/health`)).json()
      expect(health.components.sensorSource).toMatchObject({ status: 'ok', pipeline: { partitions: [0], rejectsPerSecond: 0, consumerLag: 0 } })
      expect(health.components.sensorSource.pipeline.readingsPerSecond).toBeGreaterThan(0)
      expect(health.components.sensorSource.pipeline.lastCommitMs).toEqual(expect.any(Number))
      expect(health.components.sensorSource.message).toMatch(/; [\d.]+ readings\/s, 0 rejects\/s, last commit \d+ ms, lag 0$/)
      const metrics = await (await api(cockpit, '/api/metrics')).text()
      expect(Number(/^cockpit_sensor_readings_per_second ([\d.]+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0)
      expect(metrics).toMatch(/^cockpit_sensor_consumer_lag\{topic="sasl-readings-\d+",partition="0"\} 0$/m)
    } finally {
      expect(await cockpit.stop()).toBe(0)
      rmSync(cockpit.dataDir, { recursive: true, force: true })
    }
  })

  it('refuses to start with a wrong password, naming the setting and the cause', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sasl-refused-'))
    const run = runCockpit(['start', '--port', String(await freePort()), '--data-dir', dataDir], { ...saslEnv('plain', 'wrong-password'), COCKPIT_CONNECT_TIMEOUT_MS: '5000' })
    const code = await run.exited
    rmSync(dataDir, { recursive: true, force: true })
    expect(code, run.output()).toBe(1)
    expect(run.output()).toMatch(/COCKPIT_KAFKA_BROKERS: Kafka at 127\.0\.0\.1:\d+ is not reachable: .*(SASL|[Aa]uthentication)/)
  })
})
