/**
 * Sensor stream throughput. On a real broker (the test harness's Kafka, started for the run),
 * pre-loads BENCH_SENSORS_MESSAGES (default 2,000,000) valid sensor messages — 500 sensors on 50
 * machines, one reading per sensor per second of event time ending an hour ago, JSON as the
 * contract says, on a topic of BENCH_SENSORS_PARTITIONS (default 4) partitions — then measures,
 * each in its own Node process (./sensors-worker.ts):
 * - reference: a raw kafkajs consumer that only reads the whole topic;
 * - product: the plant-mode consumer end to end — validated, windowed, live hub fed, committed
 *   to a throw-away catalog — until the offsets committed with the data reach the end.
 * After one raw read to warm the fresh broker (not counted), raw and product runs alternate —
 * raw, product, raw, product, …, raw — for BENCH_SENSORS_ROUNDS (default 3) product runs, and
 * each is compared with the raw reads just before and after it: this VM's speed drifts by a
 * quarter within a minute (the same raw read's CPU time varies as much), so a product run is
 * only comparable with its neighbours. Both ratios are printed: against their mean, and against
 * the faster of the two (the harder bar).
 * Goals (issue 4): product ≥ 60% of the raw rate, ≥ 50,000 readings/s, peak RSS < 1 GB.
 *
 * Env: BENCH_SENSORS_MESSAGES, BENCH_SENSORS_PARTITIONS, BENCH_SENSORS_ROUNDS,
 * BENCH_SENSORS_WARMUP=0 (no warm-up read), BENCH_SENSORS_ONLY (a sequence instead, e.g.
 * `product`), BENCH_SENSORS_KAFKA_DIR (keep the broker's data there and reuse the preloaded
 * topic in later runs), BENCH_CPU_PROF (a folder: the workers write --cpu-prof profiles there),
 * BENCH_NODE_FLAGS (more node flags for the workers, e.g. --trace-gc), BENCH_SENSORS_THREADS=1
 * (print each worker's busiest threads while measured), BENCH_SENSORS_FLUSH_AT_END=0 (let the
 * commit timer, not a flush, commit the product's last micro-batch; see ./sensors-worker.ts).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs'
import { startKafka } from '../test/harness/kafka.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'
import type { SensorsResult, SensorsTask } from './sensors-worker.ts'

const MESSAGES = Number(process.env.BENCH_SENSORS_MESSAGES ?? 2_000_000)
const PARTITIONS = Number(process.env.BENCH_SENSORS_PARTITIONS ?? 4)
const SENSORS = 500
const ROUNDS = Number(process.env.BENCH_SENSORS_ROUNDS ?? 3)
const GOAL_RATIO = 0.6
const GOAL_RATE = 50_000
const GOAL_RSS_KIB = 1024 * 1024
const worker = fileURLToPath(new URL('./sensors-worker.ts', import.meta.url))

/** Produces the messages in large batches, several in flight; returns the end offset per partition. */
export async function preload(brokers: string, topic: string, count = MESSAGES, partitions = PARTITIONS): Promise<Record<string, string>> {
  const kafka = new Kafka({ clientId: 'bench-preload', brokers: [brokers], logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  if ((await admin.listTopics()).includes(topic)) {
    // A kept broker (BENCH_SENSORS_KAFKA_DIR) from an earlier run: reuse its messages.
    const kept = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    if (kept.reduce((sum, p) => sum + Number(p.high), 0) !== count) throw new Error(`the kept topic ${topic} does not hold ${count} messages; remove BENCH_SENSORS_KAFKA_DIR`)
    return Object.fromEntries(kept.map((p) => [String(p.partition), p.high]))
  }
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true })
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  const seconds = Math.ceil(count / SENSORS)
  const t0 = Math.floor((Date.now() - 3_600_000 - seconds * 1000) / 60_000) * 60_000
  const BATCH = 20_000
  const IN_FLIGHT = 4
  const inFlight = new Set<Promise<unknown>>()
  for (let start = 0; start < count; start += BATCH) {
    const messages = []
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
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
  if (total !== count) throw new Error(`preload: ${total} messages on the topic, expected ${count}`)
  return Object.fromEntries(offsets.map((p) => [String(p.partition), p.high]))
}

export async function runWorker(task: Omit<SensorsTask, 'resultFile'>, scratch: string): Promise<SensorsResult> {
  const resultFile = join(scratch, `${task.mode}-${Date.now()}.json`)
  const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...(process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]), worker, JSON.stringify({ ...task, resultFile })], { stdio: ['ignore', 'inherit', 'inherit'] })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${task.mode} worker exited with ${code}`)
  return JSON.parse(readFileSync(resultFile, 'utf8')) as SensorsResult
}

export const perSecond = (r: SensorsResult): number => r.messages / (r.ms / 1000)
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`

/** One worker's figures on one line. */
export const line = (mode: string, result: SensorsResult): string =>
  `  ${mode.padEnd(8)} ${Math.round(perSecond(result)).toLocaleString('en').padStart(9)} msg/s  ${(result.ms / 1000).toFixed(1)} s  peak RSS ${mib(result.maxRssKiB)}  CPU ${(result.cpuMs / 1000).toFixed(1)} s (${(result.windowCpuMs / 1000).toFixed(1)} s while measured)${result.readMs === undefined ? '' : `  (all read after ${(result.readMs / 1000).toFixed(1)} s)`}${result.commits === undefined ? '' : `  ${result.commits} commits, catalog: ${result.catalogReadings} readings, ${result.catalogWindows} windows`}`

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-sensors-'))
  const broker = await startKafka({ dataDir: process.env.BENCH_SENSORS_KAFKA_DIR })
  try {
    const topic = 'bench-sensor-readings'
    const produceStarted = performance.now()
    const ends = await preload(broker.brokers, topic)
    console.log(`preloaded ${MESSAGES.toLocaleString('en')} messages on ${PARTITIONS} partitions in ${((performance.now() - produceStarted) / 1000).toFixed(1)} s`)
    const base = { brokers: broker.brokers, topic, total: MESSAGES, ends }
    if (process.env.BENCH_SENSORS_WARMUP !== '0') {
      // The broker was just started: its first reads of the topic run cold (JIT, page cache).
      console.log(line('warm-up', await runWorker({ ...base, mode: 'raw' }, scratch)) + '  (not counted)')
    }
    const modes = (process.env.BENCH_SENSORS_ONLY?.split(',') ?? ['raw', ...Array.from({ length: ROUNDS }, () => ['product', 'raw']).flat()]) as SensorsTask['mode'][]
    const results: { mode: SensorsTask['mode']; result: SensorsResult }[] = []
    for (const mode of modes) {
      const result = await runWorker({ ...base, mode }, scratch)
      results.push({ mode, result })
      console.log(line(mode, result))
    }
    // Each product run against the raw reads just before and after it: the machine's speed drifts.
    const rounds = results.flatMap((entry, i) => {
      const before = results[i - 1]
      const after = results[i + 1]
      if (entry.mode !== 'product' || before?.mode !== 'raw' || after?.mode !== 'raw') return []
      const product = entry.result
      const raws = [perSecond(before.result), perSecond(after.result)]
      return [{ product, rate: perSecond(product), vsMean: perSecond(product) / ((raws[0]! + raws[1]!) / 2), vsFaster: perSecond(product) / Math.max(...raws) }]
    })
    if (rounds.length === 0) return
    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED')
    const range = (values: number[]): string => `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`
    const vsMean = rounds.map((r) => r.vsMean)
    const vsFaster = rounds.map((r) => r.vsFaster)
    const rates = rounds.map((r) => r.rate)
    const peakRss = Math.max(...rounds.map((r) => r.product.maxRssKiB))
    console.log(`\n  ${rounds.length} rounds; per round, the product's rate over the raw reads before and after it:`)
    console.log(`  ${'vs their mean'.padEnd(34)} ${rounds.map((r) => r.vsMean.toFixed(2)).join('  ')}   median ${range(vsMean)}  ≥ ${GOAL_RATIO}: ${verdict(median(vsMean) >= GOAL_RATIO)} (${vsMean.filter((r) => r >= GOAL_RATIO).length} of ${rounds.length} rounds)`)
    console.log(`  ${'vs the faster of the two'.padEnd(34)} ${rounds.map((r) => r.vsFaster.toFixed(2)).join('  ')}   median ${range(vsFaster)}  ≥ ${GOAL_RATIO}: ${verdict(median(vsFaster) >= GOAL_RATIO)} (${vsFaster.filter((r) => r >= GOAL_RATIO).length} of ${rounds.length} rounds)`)
    console.log(`  ${'end-to-end rate (msg/s)'.padEnd(34)} ${rates.map((r) => Math.round(r).toLocaleString('en')).join('  ')}   ≥ ${GOAL_RATE.toLocaleString('en')}/s: ${verdict(Math.min(...rates) >= GOAL_RATE)}`)
    console.log(`  ${'peak RSS of the product'.padEnd(34)} ${mib(peakRss)}   < 1 GiB: ${verdict(peakRss < GOAL_RSS_KIB)}`)
    for (const r of rounds) if (r.product.catalogReadings !== MESSAGES) console.log(`  WARNING: the catalog holds ${r.product.catalogReadings} readings, expected ${MESSAGES}`)
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
