/**
 * One measured step of the `sensors` benchmark, in its own Node process (spawned by
 * ./sensors.ts) so that its peak RSS is its own. The task comes as JSON in argv[2]; the result
 * is written as JSON to the task's result file.
 *
 * - raw:     a kafkajs consumer (new group, from the beginning, default fetch settings) whose
 *            eachBatch only counts messages, until it has read the whole topic.
 * - product: the consumer `cockpit start` runs in plant mode — `startSensorConsumer` feeding a
 *            LiveHub (no subscribers), committing to a throw-away catalog (SQLite + local
 *            Parquet; its metadata in PostgreSQL when the task has a databaseUrl) — until the offsets committed with the data reach the end of the topic.
 *
 * The rate is taken from the first message received to the end, so that joining the group
 * (several seconds with kafkajs) counts for neither. Once the product has read every message it
 * is asked to commit at once (`flush`), as `stop()` would, rather than leaving the last
 * micro-batch to wait up to COCKPIT_SENSOR_COMMIT_MS (5 s) for the commit timer: that wait is a
 * latency setting, not throughput, and it was a random 0–5 s of a ~10–20 s run.
 * BENCH_SENSORS_FLUSH_AT_END=0 measures the old way (the timer commits the tail).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { committedOffsets } from '../catalog/index.ts'
import { openAppDb } from '../db/index.ts'
import { LiveHub, silentLogger, startSensorConsumer } from '../jobs/index.ts'
import { createTestCatalog } from '../test/fixtures/test-catalog.ts'

export interface SensorsTask {
  mode: 'raw' | 'product'
  brokers: string
  topic: string
  /** Messages on the topic (all valid). */
  total: number
  /** End offset per partition. */
  ends: Record<string, string>
  /** Product: the catalog's metadata in this PostgreSQL database instead of a SQLite file (issue 16). */
  databaseUrl?: string
  resultFile: string
}

export interface SensorsResult {
  /** From the first message received to the end of the topic (raw: read; product: committed). */
  ms: number
  /** Product: from the first message received to the last one read (validated, in a pending batch). */
  readMs?: number
  messages: number
  maxRssKiB: number
  /** CPU time of the whole process (all threads, user + system), ms: steadier than the rate on a shared machine. */
  cpuMs: number
  /** The same from the first message received to the end (`ms`): without start-up and shutdown. */
  windowCpuMs: number
  /** Peak RSS sampled every 100 ms (KiB), as a cross-check of maxRSS. */
  sampledPeakRssKiB: number
  commits?: number
  /** The product's readings and windows in the catalog at the end. */
  catalogReadings?: number
  catalogWindows?: number
}

/** Process CPU (all threads, user + system) at the first message, to subtract at the end. */
let cpuAtFirst: NodeJS.CpuUsage | undefined
let threadsAtFirst = new Map<string, number>()
const markFirst = (): number => {
  cpuAtFirst = process.cpuUsage()
  threadsAtFirst = threadTimes()
  return performance.now()
}
const cpuSinceFirst = (): number => {
  const used = process.cpuUsage(cpuAtFirst)
  if (process.env.BENCH_SENSORS_THREADS === '1') printThreads()
  return Math.round((used.user + used.system) / 1000)
}

/** Linux: CPU ms per thread id (utime + stime of /proc/self/task/<tid>/stat). */
function threadTimes(): Map<string, number> {
  const times = new Map<string, number>()
  if (!existsSync('/proc/self/task')) return times
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      times.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100)
    } catch {
      // The thread ended meanwhile.
    }
  }
  return times
}

/** BENCH_SENSORS_THREADS=1: the busiest threads while measured (the main thread is the process id). */
function printThreads(): void {
  const deltas = [...threadTimes()].map(([tid, ms]) => [tid === String(process.pid) ? 'main' : tid, ms - (threadsAtFirst.get(tid) ?? 0)] as const)
  console.log(`    threads while measured: ${deltas.sort((a, b) => b[1] - a[1]).slice(0, 8).map(([tid, ms]) => `${tid} ${(ms / 1000).toFixed(2)} s`).join(', ')}`)
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function raw(task: SensorsTask): Promise<Omit<SensorsResult, 'maxRssKiB' | 'cpuMs' | 'sampledPeakRssKiB'>> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [task.brokers], logLevel: logLevel.NOTHING })
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}` })
  await consumer.connect()
  await consumer.subscribe({ topic: task.topic, fromBeginning: true })
  let messages = 0
  let first = 0
  let done!: () => void
  const finished = new Promise<void>((resolve) => (done = resolve))
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (first === 0) first = markFirst()
      messages += batch.messages.length
      if (messages >= task.total) done()
    },
  })
  await finished
  const ms = performance.now() - first
  const windowCpuMs = cpuSinceFirst()
  await consumer.disconnect()
  return { ms, windowCpuMs, messages }
}

async function product(task: SensorsTask): Promise<Omit<SensorsResult, 'maxRssKiB' | 'cpuMs' | 'sampledPeakRssKiB'>> {
  const test = await createTestCatalog(task.databaseUrl === undefined ? {} : { database: { open: () => openAppDb({ url: task.databaseUrl! }) } })
  const hub = new LiveHub()
  let first = 0
  const group = `bench-product-${Date.now()}`
  try {
    const consumer = await startSensorConsumer({
      catalog: test.catalog,
      brokers: [task.brokers],
      topic: task.topic,
      group,
      tempDir: join(test.dir, 'tmp'),
      logger: silentLogger,
      onLive: (update) => {
        if (first === 0) first = markFirst()
        hub.addLocal(update)
      },
    })
    const flushAtEnd = process.env.BENCH_SENSORS_FLUSH_AT_END !== '0'
    let readMs: number | undefined
    for (;;) {
      await pause(readMs === undefined ? 10 : 100)
      if (readMs === undefined && consumer.stats.readings >= task.total) {
        readMs = performance.now() - first
        if (flushAtEnd) await consumer.flush()
      }
      if (await reachedEnd(group)) break
    }
    const ms = performance.now() - first
    const windowCpuMs = cpuSinceFirst()
    const commits = consumer.stats.commits
    await consumer.stop()
    const [readings] = await test.query('SELECT count(*)::INTEGER AS n FROM sensors.readings')
    const [windows] = await test.query('SELECT count(*)::INTEGER AS n FROM sensors.windows_1m')
    return { ms, windowCpuMs, readMs, messages: consumer.stats.readings, commits, catalogReadings: Number(readings!.n), catalogWindows: Number(windows!.n) }
  } finally {
    hub.stop()
    await test.close()
  }

  // Done when the offsets committed with the data (the catalog's, not Kafka's) reach the end.
  async function reachedEnd(group: string): Promise<boolean> {
    const committed = await committedOffsets(test.catalog, group, task.topic)
    return Object.entries(task.ends).every(([partition, end]) => committed.get(Number(partition)) === end)
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]!) as SensorsTask
  let sampledPeak = 0
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 100)
  const result = task.mode === 'raw' ? await raw(task) : await product(task)
  clearInterval(sampler)
  const usage = process.resourceUsage()
  const out: SensorsResult = { ...result, maxRssKiB: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), sampledPeakRssKiB: Math.round(sampledPeak / 1024) }
  writeFileSync(task.resultFile, JSON.stringify(out))
  process.exit(0)
}

await main()
