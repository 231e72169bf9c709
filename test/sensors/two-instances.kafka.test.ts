/**
 * Two real cockpit processes in one consumer group on the real broker: the partitions are split
 * between them, an SSE client of either instance sees live events of sensors whose partitions the
 * OTHER instance owns (through the compacted windows topic), and each reading lands exactly once
 * — each instance in its own data dir, so the union of the two catalogs is what is counted
 * (docs/sensors.md, "Several instances").
 */
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { queryDataDir } from './data-dir-catalog.ts'
import { listenSse, type SseListener } from '../harness/sse-events.ts'
import { until } from './until.ts'

const brokers = inject('kafka').brokers
const stamp = Date.now()
const topic = `two-instances-${stamp}`
const env = {
  COCKPIT_KAFKA_BROKERS: brokers,
  COCKPIT_KAFKA_TOPIC: topic,
  COCKPIT_KAFKA_GROUP: `two-instances-${stamp}`,
  COCKPIT_KAFKA_WINDOWS_TOPIC: `two-instances-windows-${stamp}`,
  COCKPIT_SENSOR_COMMIT_MS: '500',
  COCKPIT_LOG_LEVEL: 'warn',
}
const PARTITIONS = 4
const SENSORS = 8
const kafka = new Kafka({ clientId: 'two-instances-test', brokers: [brokers], logLevel: logLevel.NOTHING })
const instances: ServedCockpit[] = []
const listeners: SseListener[] = []
afterAll(async () => {
  for (const listener of listeners) await listener.close()
  for (const instance of instances) await instance.stop()
})

/** Signed in where the server wants it (sessions), plain otherwise. */
function api(cockpit: ServedCockpit, path: string): Promise<Response> {
  const signed = (cockpit as { api?: (path: string) => Promise<Response> }).api
  return signed === undefined ? fetch(`${cockpit.url}${path}`) : signed(path)
}

async function partitionsOf(cockpit: ServedCockpit): Promise<number[]> {
  const health = await (await fetch(`${cockpit.url}/api/health`)).json()
  return health.components.sensorSource.pipeline?.partitions ?? []
}

describe('two instances in one consumer group', () => {
  it('split the partitions, serve each other’s live windows, and store every reading once', { timeout: 300_000 }, async () => {
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true })
    await admin.disconnect()
    instances.push(await serveCockpit({ env }), await serveCockpit({ env }))
    const [a, b] = instances as [ServedCockpit, ServedCockpit]
    let owned: number[][] = []
    await until(async () => {
      owned = [await partitionsOf(a), await partitionsOf(b)]
      return owned[0]!.length > 0 && owned[1]!.length > 0 && owned[0]!.length + owned[1]!.length === PARTITIONS
    }, 'both instances to own partitions')
    expect([...owned[0]!, ...owned[1]!].sort()).toEqual([0, 1, 2, 3])
    listeners.push(await listenSse(await api(a, '/api/stream/sensors')), await listenSse(await api(b, '/api/stream/sensors')))

    // Sensor i is on partition i % 4, so each instance reads some sensors and not others.
    const t0 = Date.now() - 120_000
    const messages = Array.from({ length: 40 * SENSORS }, (_, i) => {
      const sensor = i % SENSORS
      return { partition: sensor % PARTITIONS, key: `P${sensor}`, value: JSON.stringify({ sensor_id: `P${sensor}`, machine_id: `M${sensor}`, ts: t0 + Math.floor(i / SENSORS) * 3_000, temperature: 40 + (i % 13) }) }
    })
    const producer = kafka.producer()
    await producer.connect()
    for (let i = 0; i < messages.length; i += 40) await producer.send({ topic, messages: messages.slice(i, i + 40) })
    await producer.disconnect()

    const sensorsOf = (partitions: number[]): string[] => Array.from({ length: SENSORS }, (_, s) => s).filter((s) => partitions.includes(s % PARTITIONS)).map((s) => `P${s}`)
    const liveSeen = (listener: SseListener): Set<string> => new Set(listener.events.filter((e) => e.event === 'live').flatMap((e) => e.data.sensors.map((s: { sensorId: string }) => s.sensorId)))
    const [onA, onB] = listeners as [SseListener, SseListener]
    await until(() => sensorsOf(owned[1]!).every((s) => liveSeen(onA).has(s)) && sensorsOf(owned[0]!).every((s) => liveSeen(onB).has(s)), 'live events of the other instance’s sensors on each instance', 90_000).catch(async (error) => {
      const metrics = await Promise.all([a, b].map(async (c) => (await (await api(c, '/api/metrics')).text()).split('\n').filter((l) => l.startsWith('cockpit_live') || l.startsWith('cockpit_sensor_readings_total')).join(' ')))
      console.log('two instances, what each saw:', JSON.stringify({ owned, a: [...liveSeen(onA)], b: [...liveSeen(onB)], metrics }), a.output().slice(-3000), b.output().slice(-3000))
      throw error
    })
    // Both serve all eight sensors: their own from the hub, the other's through the windows topic.
    expect([...liveSeen(onA)].sort()).toEqual([...liveSeen(onB)].sort())
    expect(liveSeen(onA).size).toBe(SENSORS)
    const windowsSeen = (listener: SseListener): Set<string> => new Set(listener.events.filter((e) => e.event === 'window').map((e) => e.data.sensorId))
    await until(() => windowsSeen(onA).size === SENSORS && windowsSeen(onB).size === SENSORS, 'closed windows of all sensors on each instance', 90_000)

    const lagOf = async (cockpit: ServedCockpit): Promise<number | null> => (await (await fetch(`${cockpit.url}/api/health`)).json()).components.sensorSource.pipeline.consumerLag
    await until(async () => (await lagOf(a)) === 0 && (await lagOf(b)) === 0, 'both instances to commit what they own', 90_000)
    for (const listener of listeners.splice(0)) await listener.close()
    for (const instance of instances) {
      // Keep the data dirs to count what each stored.
      instance.child.kill('SIGTERM')
      await instance.exited
    }
    const stored = await Promise.all([a, b].map((cockpit) => queryDataDir(cockpit.dataDir, 'SELECT count(*) AS n, count(DISTINCT (sensor_id, ts)) AS distinct_n, list(DISTINCT kafka_partition ORDER BY kafka_partition) AS partitions FROM sensors.readings')))
    const [storedA, storedB] = stored.map((rows) => rows[0]!) as [Record<string, any>, Record<string, any>]
    expect(storedA.partitions).toEqual(owned[0])
    expect(storedB.partitions).toEqual(owned[1])
    expect(Number(storedA.n) + Number(storedB.n)).toBe(messages.length)
    expect(Number(storedA.distinct_n) + Number(storedB.distinct_n)).toBe(messages.length)
  })
})
