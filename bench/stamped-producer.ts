/**
 * The latency benchmarks' producer: `rate` readings a second across `sensors` sensors (50
 * machines), sent in 20 ms slices that catch up after any stall, each stamped with its send time
 * as its event time — so a consumer's latency is its receipt time minus the reading's `ts`.
 */
import { CompressionTypes, type Producer } from 'kafkajs'
import type { LatencyHistogram } from './latency-histogram.ts'

export interface StampedProducerOptions {
  rate: number
  sensors: number
  /** The temperature of reading `n` of sensor index `sensor`, `elapsedMs` after producing began. */
  temperature?: (sensor: number, n: number, elapsedMs: number) => number
}

const calm = (_sensor: number, n: number): number => 60 + (n % 2000) / 100

export function startProducing(producer: Producer, topic: string, options: StampedProducerOptions): { stop(): Promise<number> } {
  const temperature = options.temperature ?? calm
  const started = Date.now()
  let sent = 0
  let failures = 0
  const inFlight = new Set<Promise<unknown>>()
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate) - sent
    if (due <= 0) return
    const now = Date.now()
    const messages = Array.from({ length: due }, (_, i) => {
      const n = sent + i
      const sensor = n % options.sensors
      const machine = `M${String(sensor % 50).padStart(2, '0')}`
      const sensorId = `${machine}-T${Math.floor(sensor / 50)}`
      return { key: sensorId, value: `{"sensor_id":"${sensorId}","machine_id":"${machine}","ts":${now},"temperature":${temperature(sensor, n, now - started).toFixed(2)},"unit":"C"}` }
    })
    sent += due
    const sending = producer.send({ topic, messages, acks: 1, compression: CompressionTypes.None }).catch(() => failures++)
    inFlight.add(sending)
    void sending.finally(() => inFlight.delete(sending))
  }, 20)
  return {
    stop: async () => {
      clearInterval(timer)
      await Promise.all(inFlight)
      if (failures > 0) console.log(`  (${failures} produce requests failed)`)
      return sent
    },
  }
}

/** One line of a latency table: samples, p50, p95, p99, max. */
export function latencyRow(label: string, h: LatencyHistogram, width: number): string {
  return `  ${label.padEnd(width)} ${String(h.count).padStart(9)} ${[h.quantile(0.5), h.quantile(0.95), h.quantile(0.99), h.max].map((ms) => `${ms} ms`.padStart(9)).join(' ')}`
}
