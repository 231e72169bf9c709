/**
 * Reading → alert latency (issue 15: "a reading that completes a pending period raises the alert
 * within 2 s, p99 at 10,000 readings/s"). On a real broker (the harness's Kafka) a real `cockpit
 * start` in plant mode consumes the topic with one stream rule: a reading above 100 °C for 10 s,
 * per sensor. This process produces BENCH_ALERT_RATE (default 10,000) readings/s across 500
 * sensors for BENCH_ALERT_SECONDS (default 60), each stamped with its send time as its event
 * time; BENCH_ALERT_HOT (default 100) of them go hot for 12 s in every 20 s, their phases spread
 * evenly, so an alert fires (and resolves) somewhere every 200 ms. The reading that completes a
 * pending period is the first one at least 10 s after the first hot one; the transition's `at`
 * is that reading's event time, i.e. when it was produced. Latency per firing = its arrival on
 * /api/stream/alerts (SSE, as a manager) − `at`. Reference, same run, same messages: a raw
 * kafkajs consumer's produce → receive latency (./kafka-latency-consumer.ts). The first 5 s
 * (group join, warm-up) are cold for every sensor.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { serveCockpit, type ServedCockpit } from '../test/harness/cockpit.ts'
import { startKafka } from '../test/harness/kafka.ts'
import { takeSseEvents, type SseEvent } from '../test/harness/sse-events.ts'
import { collect } from './fanout.ts'
import { LatencyHistogram } from './latency-histogram.ts'
import type { Benchmark } from './run.ts'
import { latencyRow, startProducing } from './stamped-producer.ts'

const RATE = Number(process.env.BENCH_ALERT_RATE ?? 10_000)
const SECONDS = Number(process.env.BENCH_ALERT_SECONDS ?? 60)
const HOT_SENSORS = Number(process.env.BENCH_ALERT_HOT ?? 100)
const SENSORS = 500
const WARMUP_MS = 5_000
const CYCLE_MS = 20_000
const HOT_MS = 12_000
const PENDING = '10s'
const LIMIT_C = 100
const GOAL_P99_MS = 2_000
const referenceScript = fileURLToPath(new URL('./kafka-latency-consumer.ts', import.meta.url))

const RULE = { name: 'bench: hot for 10 s', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: LIMIT_C, for: PENDING, severity: 'warning' }

interface AlertArrivals {
  firings: LatencyHistogram
  transitions: number
  close(): Promise<void>
}

/** Hot sensors are spread over the 500 (every 5th by default), each with its own phase in the cycle. */
function isHot(sensor: number, elapsedMs: number): boolean {
  const stride = Math.floor(SENSORS / HOT_SENSORS)
  if (sensor % stride !== 0 || sensor / stride >= HOT_SENSORS) return false
  const since = elapsedMs - WARMUP_MS - (sensor / stride) * (CYCLE_MS / HOT_SENSORS)
  return since >= 0 && since % CYCLE_MS < HOT_MS
}

/** Listens to /api/stream/alerts, stamping each chunk on arrival: a firing's latency is arrival − its `at`. */
async function listenForFirings(cockpit: ServedCockpit, ruleId: number): Promise<AlertArrivals> {
  const response = await (await cockpit.as('manager')).api('/api/stream/alerts')
  if (!response.ok || response.body === null) throw new Error(`/api/stream/alerts answered ${response.status}`)
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const arrivals: AlertArrivals = { firings: new LatencyHistogram(), transitions: 0, close: async () => { await reader.cancel().catch(() => undefined); await pump } }
  let buffer = ''
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }))
      if (done) return
      const now = Date.now()
      const events: SseEvent[] = []
      buffer = takeSseEvents(buffer + decoder.decode(value, { stream: true }), events)
      for (const event of events) {
        if (event.event !== 'alert' || event.data.ruleId !== ruleId) continue
        arrivals.transitions++
        if (event.data.to === 'firing') arrivals.firings.add(now - Date.parse(event.data.at))
      }
    }
  })()
  return arrivals
}

async function run(): Promise<void> {
  const broker = await startKafka()
  const topic = 'sensor-readings'
  const kafka = new Kafka({ clientId: 'bench-alert-latency', brokers: [broker.brokers], logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  let reference: ChildProcess | undefined
  let cockpit: ServedCockpit | undefined
  let arrivals: AlertArrivals | undefined
  try {
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true })
    await admin.disconnect()
    cockpit = await serveCockpit({ env: { COCKPIT_KAFKA_BROKERS: broker.brokers, COCKPIT_KAFKA_TOPIC: topic, COCKPIT_LOG_LEVEL: 'warn' } })
    const created = await (await cockpit.as('engineer')).api('/api/alerts/rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(RULE) })
    if (created.status !== 201) throw new Error(`the rule was refused: ${created.status} ${await created.text()}`)
    const ruleId = (await created.json()).id as number
    arrivals = await listenForFirings(cockpit, ruleId)
    reference = spawn(process.execPath, ['--import', 'tsx', referenceScript, broker.brokers, topic], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    await new Promise((resolve) => reference!.once('message', resolve))

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    const producing = startProducing(producer, topic, { rate: RATE, sensors: SENSORS, temperature: (sensor, n, elapsedMs) => (isHot(sensor, elapsedMs) ? 110 : 60 + (n % 2000) / 100) })
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS))
    reference.send({ type: 'reset' })
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
    const sent = await producing.stop()
    await producer.disconnect()
    // Firings of the last readings still on their way.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const raw = await collect([reference])

    const firings = arrivals.firings
    console.log(`  produced ${sent.toLocaleString('en')} readings (${RATE.toLocaleString('en')}/s target, ${SENSORS} sensors, 4 partitions); ${HOT_SENSORS} sensors hot ${HOT_MS / 1000} s in every ${CYCLE_MS / 1000} s; rule: temperature_c > ${LIMIT_C} for ${PENDING}; ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up`)
    console.log(`  ${'latency'.padEnd(40)} ${'samples'.padStart(9)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`)
    console.log(latencyRow('product: completing reading → SSE firing', firings, 40))
    console.log(latencyRow('reference: produce → raw kafkajs', raw.histogram, 40))
    const p99 = firings.quantile(0.99)
    console.log(`  ${arrivals.transitions} transitions of the rule streamed; goal p99 < ${GOAL_P99_MS} ms: ${firings.count > 0 && p99 < GOAL_P99_MS ? 'met' : 'MISSED'}`)
  } finally {
    await arrivals?.close()
    reference?.kill()
    await cockpit?.stop()
    await broker.stop()
  }
}

export const alertLatencyBenchmark: Benchmark = {
  name: 'alert-latency',
  description: 'reading that completes a pending period → alert on /api/stream/alerts at 10,000 readings/s, against a raw kafkajs consumer',
  run,
}
