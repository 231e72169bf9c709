/**
 * Produce-to-screen latency of the live stream. On a real broker (the harness's Kafka) a real
 * `cockpit start` in plant mode consumes the topic; BENCH_LATENCY_CLIENTS (default 50) SSE
 * clients signed in as an analyst listen to /api/stream/sensors (raw http, in two driver
 * processes: ./sse-client-driver.ts); this process produces BENCH_LATENCY_RATE (default 10,000)
 * readings/s across 500 sensors for BENCH_LATENCY_SECONDS (default 60), each stamped with its
 * send time as its event time (epoch ms). Per sensor shown in each `live` event, the latency is
 * receipt time minus that stamp (readings superseded within one 100 ms tick are never shown,
 * so they have no latency of their own). The reference, in the same run and on the same
 * messages: a raw kafkajs consumer's produce → receive latency (./kafka-latency-consumer.ts).
 * The first 5 s (group join, warm-up) are not counted. Goals (issue 4): p50 < 150 ms,
 * p99 < 400 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { serveCockpit } from '../test/harness/cockpit.ts'
import { startKafka } from '../test/harness/kafka.ts'
import { collect, connectClients, startDriver } from './fanout.ts'
import type { Benchmark } from './run.ts'
import { latencyRow, startProducing } from './stamped-producer.ts'

const CLIENTS = Number(process.env.BENCH_LATENCY_CLIENTS ?? 50)
const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 10_000)
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60)
const SENSORS = 500
const WARMUP_MS = 5_000
const GOAL_P50_MS = 150
const GOAL_P99_MS = 400
const referenceScript = fileURLToPath(new URL('./kafka-latency-consumer.ts', import.meta.url))

async function run(): Promise<void> {
  const broker = await startKafka()
  const topic = 'sensor-readings'
  const kafka = new Kafka({ clientId: 'bench-latency', brokers: [broker.brokers], logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  const drivers: ChildProcess[] = []
  let reference: ChildProcess | undefined
  let cockpit: Awaited<ReturnType<typeof serveCockpit>> | undefined
  try {
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true })
    await admin.disconnect()
    cockpit = await serveCockpit({ env: { COCKPIT_KAFKA_BROKERS: broker.brokers, COCKPIT_KAFKA_TOPIC: topic, COCKPIT_LOG_LEVEL: 'warn' } })
    const analyst = await cockpit.as('analyst')
    reference = spawn(process.execPath, ['--import', 'tsx', referenceScript, broker.brokers, topic], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const referenceReady = new Promise((resolve) => reference!.once('message', resolve))
    drivers.push(startDriver(), startDriver())
    const opened = await connectClients(drivers, `${cockpit.url}/api/stream/sensors`, CLIENTS, { cookie: `${analyst.cookie.name}=${analyst.cookie.value}` })
    if (opened !== CLIENTS) throw new Error(`only ${opened} of ${CLIENTS} SSE clients connected`)
    await referenceReady

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    const producing = startProducing(producer, topic, { rate: RATE, sensors: SENSORS })
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS))
    for (const child of [...drivers, reference]) child.send({ type: 'reset' })
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
    const product = await collect(drivers)
    const raw = await collect([reference])
    const sent = await producing.stop()
    await producer.disconnect()

    console.log(`  produced ${sent.toLocaleString('en')} readings (${RATE.toLocaleString('en')}/s target, ${SENSORS} sensors, 4 partitions); ${CLIENTS} SSE clients; ${SECONDS} s measured after ${WARMUP_MS / 1000} s warm-up`)
    console.log(`  ${'latency per reading'.padEnd(34)} ${'samples'.padStart(9)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`)
    console.log(latencyRow('product: produce → SSE live event', product.histogram, 34))
    console.log(latencyRow('reference: produce → raw kafkajs', raw.histogram, 34))
    const p50 = product.histogram.quantile(0.5)
    const p99 = product.histogram.quantile(0.99)
    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED')
    console.log(`  ratio p50 ${(p50 / raw.histogram.quantile(0.5)).toFixed(2)}, p99 ${(p99 / raw.histogram.quantile(0.99)).toFixed(2)}; goal p50 < ${GOAL_P50_MS} ms: ${verdict(p50 < GOAL_P50_MS)}; p99 < ${GOAL_P99_MS} ms: ${verdict(p99 < GOAL_P99_MS)}`)
    console.log(`  live events per client per second: ${(product.events / Math.max(1, product.open) / SECONDS).toFixed(1)}`)
  } finally {
    for (const child of drivers) child.kill()
    reference?.kill()
    await cockpit?.stop()
    await broker.stop()
  }
}

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  description: 'produce → SSE `live` event latency with 50 clients at 10,000 readings/s, against a raw kafkajs consumer',
  run,
}
