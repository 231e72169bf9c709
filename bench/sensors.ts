/**
 * Sensor stream throughput. On a real broker (the test harness's Kafka, started for the run),
 * pre-loads BENCH_SENSORS_MESSAGES (default 2,000,000) valid sensor messages — 500 sensors on 50
 * machines, one reading per sensor per second of event time ending an hour ago, JSON as the
 * contract says, on a topic of BENCH_SENSORS_PARTITIONS (default 4) partitions — then measures,
 * each in its own Node process (./sensors-worker.ts):
 * - reference: a raw kafkajs consumer that only reads the whole topic (run before and after the
 *   product; the faster of the two is the reference, which is the harder bar);
 * - product: the plant-mode consumer end to end — validated, windowed, live hub fed, committed
 *   to a throw-away catalog — until the offsets committed with the data reach the end.
 * Goals (issue 4): product ≥ 60% of the raw rate, ≥ 50,000 readings/s, peak RSS < 1 GB.
 *
 * Env: BENCH_SENSORS_MESSAGES, BENCH_SENSORS_PARTITIONS, BENCH_SENSORS_ONLY (e.g. `product`;
 * default `raw,product,raw`), BENCH_SENSORS_KAFKA_DIR (keep the broker's data there and reuse
 * the preloaded topic in later runs), BENCH_CPU_PROF (a folder: the workers write
 * --cpu-prof profiles there), BENCH_SENSORS_FLUSH_AT_END=0 (let the commit timer, not a flush,
 * commit the product's last micro-batch; see ./sensors-worker.ts).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs'
import { startKafka } from '../test/harness/kafka.ts'
import type { Benchmark } from './run.ts'
import type { SensorsResult, SensorsTask } from './sensors-worker.ts'

const MESSAGES = Number(process.env.BENCH_SENSORS_MESSAGES ?? 2_000_000)
const PARTITIONS = Number(process.env.BENCH_SENSORS_PARTITIONS ?? 4)
const SENSORS = 500
const GOAL_RATIO = 0.6
const GOAL_RATE = 50_000
const GOAL_RSS_KIB = 1024 * 1024
const worker = fileURLToPath(new URL('./sensors-worker.ts', import.meta.url))

/** Produces the messages in large batches, several in flight; returns the end offset per partition. */
async function preload(brokers: string, topic: string): Promise<Record<string, string>> {
  const kafka = new Kafka({ clientId: 'bench-preload', brokers: [brokers], logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  if ((await admin.listTopics()).includes(topic)) {
    // A kept broker (BENCH_SENSORS_KAFKA_DIR) from an earlier run: reuse its messages.
    const kept = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    if (kept.reduce((sum, p) => sum + Number(p.high), 0) !== MESSAGES) throw new Error(`the kept topic ${topic} does not hold ${MESSAGES} messages; remove BENCH_SENSORS_KAFKA_DIR`)
    return Object.fromEntries(kept.map((p) => [String(p.partition), p.high]))
  }
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true })
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  const seconds = Math.ceil(MESSAGES / SENSORS)
  const t0 = Math.floor((Date.now() - 3_600_000 - seconds * 1000) / 60_000) * 60_000
  const BATCH = 20_000
  const IN_FLIGHT = 4
  const inFlight = new Set<Promise<unknown>>()
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const messages = []
    for (let i = start; i < Math.min(MESSAGES, start + BATCH); i++) {
      const sensor = i % SENSORS
      const second = Math.floor(i / SENSORS)
      const sensorId = `M${String(sensor % 50).padStart(2, '0')}-T${Math.floor(sensor / 50)}`
      const value = `{"sensor_id":"${sensorId}","machine_id":"M${String(sensor % 50).padStart(2, '0')}","ts":"${new Date(t0 + second * 1000).toISOString()}","temperature":${(60 + ((i * 7919) % 2000) / 100).toFixed(2)},"unit":"C"}`
      messages.push({ key: sensorId, value })
    }
    const sent = producer.send({ topic, messages, acks: 1, compression: CompressionTypes.None })
    inFlight.add(sent)
    void sent.finally(() => inFlight.delete(sent))
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  await producer.disconnect()
  const offsets = await admin.fetchTopicOffsets(topic)
  await admin.disconnect()
  const total = offsets.reduce((sum, p) => sum + Number(p.high), 0)
  if (total !== MESSAGES) throw new Error(`preload: ${total} messages on the topic, expected ${MESSAGES}`)
  return Object.fromEntries(offsets.map((p) => [String(p.partition), p.high]))
}

async function runWorker(task: Omit<SensorsTask, 'resultFile'>, scratch: string): Promise<SensorsResult> {
  const resultFile = join(scratch, `${task.mode}-${Date.now()}.json`)
  const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...(process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]), worker, JSON.stringify({ ...task, resultFile })], { stdio: ['ignore', 'inherit', 'inherit'] })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${task.mode} worker exited with ${code}`)
  return JSON.parse(readFileSync(resultFile, 'utf8')) as SensorsResult
}

const perSecond = (r: SensorsResult): number => r.messages / (r.ms / 1000)
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-sensors-'))
  const broker = await startKafka({ dataDir: process.env.BENCH_SENSORS_KAFKA_DIR })
  try {
    const topic = 'bench-sensor-readings'
    const produceStarted = performance.now()
    const ends = await preload(broker.brokers, topic)
    console.log(`preloaded ${MESSAGES.toLocaleString('en')} messages on ${PARTITIONS} partitions in ${((performance.now() - produceStarted) / 1000).toFixed(1)} s`)
    const base = { brokers: broker.brokers, topic, total: MESSAGES, ends }
    const modes = (process.env.BENCH_SENSORS_ONLY ?? 'raw,product,raw').split(',') as SensorsTask['mode'][]
    const results: { mode: SensorsTask['mode']; result: SensorsResult }[] = []
    for (const mode of modes) {
      const result = await runWorker({ ...base, mode }, scratch)
      results.push({ mode, result })
      console.log(`  ${mode.padEnd(8)} ${Math.round(perSecond(result)).toLocaleString('en').padStart(9)} msg/s  ${(result.ms / 1000).toFixed(1)} s  peak RSS ${mib(result.maxRssKiB)}  CPU ${(result.cpuMs / 1000).toFixed(1)} s (${(result.windowCpuMs / 1000).toFixed(1)} s while measured)${result.readMs === undefined ? '' : `  (all read after ${(result.readMs / 1000).toFixed(1)} s)`}${result.commits === undefined ? '' : `  ${result.commits} commits, catalog: ${result.catalogReadings} readings, ${result.catalogWindows} windows`}`)
    }
    const raws = results.filter((r) => r.mode === 'raw').map((r) => r.result)
    const product = results.find((r) => r.mode === 'product')?.result
    if (raws.length === 0 || product === undefined) return
    const reference = raws.reduce((best, r) => (perSecond(r) > perSecond(best) ? r : best))
    const ratio = perSecond(product) / perSecond(reference)
    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED')
    console.log(`\n  ${'figure'.padEnd(40)} ${'product'.padStart(12)} ${'reference'.padStart(12)} ${'ratio'.padStart(7)}  goal`)
    console.log(`  ${'end-to-end rate (msg/s) vs raw read'.padEnd(40)} ${Math.round(perSecond(product)).toLocaleString('en').padStart(12)} ${Math.round(perSecond(reference)).toLocaleString('en').padStart(12)} ${ratio.toFixed(2).padStart(7)}  ≥ ${GOAL_RATIO}: ${verdict(ratio >= GOAL_RATIO)}; ≥ ${GOAL_RATE.toLocaleString('en')}/s: ${verdict(perSecond(product) >= GOAL_RATE)}`)
    console.log(`  ${'peak RSS'.padEnd(40)} ${mib(product.maxRssKiB).padStart(12)} ${mib(reference.maxRssKiB).padStart(12)} ${(product.maxRssKiB / reference.maxRssKiB).toFixed(2).padStart(7)}  < 1 GiB: ${verdict(product.maxRssKiB < GOAL_RSS_KIB)}`)
    if (product.catalogReadings !== MESSAGES) console.log(`  WARNING: the catalog holds ${product.catalogReadings} readings, expected ${MESSAGES}`)
  } finally {
    await broker.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const sensorsBenchmark: Benchmark = {
  name: 'sensors',
  description: 'Kafka → catalog throughput of the sensor consumer against a raw kafkajs read of the same topic',
  run,
}
