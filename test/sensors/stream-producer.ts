/**
 * A producer for fault tests: sends sensor messages in small batches until stopped, every
 * `malformedEvery`-th one malformed, and retries a failed batch until the broker takes it
 * (through a broker restart, say). It counts what was acknowledged, so a test can compare the
 * catalog with what it knows was produced. Each valid message has its own (sensor_id, ts).
 * With `resendEvery`, every so many batches go out twice, as a retried send whose first attempt
 * had landed does: copies on the topic that the catalog must not count twice.
 */
import { Kafka, logLevel, type Producer } from 'kafkajs'

export interface StreamProducerOptions {
  brokers: string
  topic: string
  sensors?: number
  /** Sensor ids are prefix + number ('F' by default): producers with other prefixes never share a (sensor_id, ts). */
  sensorPrefix?: string
  batch?: number
  malformedEvery?: number
  /** Pause between batches, so that the stream runs while a fault happens. */
  pauseMs?: number
  /** Send every n-th batch twice (default never). */
  resendEvery?: number
}

export interface StreamProducer {
  /** Distinct (sensor_id, ts) keys of the valid messages acknowledged. */
  valid: Set<string>
  /** Payloads of the malformed messages acknowledged (each unique). */
  malformed: Set<string>
  /** Sends that failed and were retried. */
  retries: number
  /** Batches sent twice on purpose (`resendEvery`), and the messages in them. */
  resent: { batches: number; messages: number }
  /** Resolves once `count` messages are acknowledged. */
  reached(count: number): Promise<void>
  /** Stops after the batch in flight is acknowledged. */
  stop(): Promise<void>
}

export function startStreamProducer(options: StreamProducerOptions): StreamProducer {
  const sensors = options.sensors ?? 12
  const prefix = options.sensorPrefix ?? 'F'
  const size = options.batch ?? 25
  const malformedEvery = options.malformedEvery ?? 40
  const kafka = new Kafka({ clientId: 'fault-producer', brokers: [options.brokers], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 } })
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false })
  // Event times from three hours ago, 100 ms apart: past, so none is rejected as future, for 100,000 messages.
  const t0 = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000
  const valid = new Set<string>()
  const malformed = new Set<string>()
  const state = { retries: 0, running: true }
  const resent = { batches: 0, messages: 0 }
  const waiters: { count: number; resolve: () => void }[] = []
  let next = 0

  const message = (i: number): { key: string; value: string; valid?: string; malformed?: string } => {
    if (i % malformedEvery === malformedEvery - 1) {
      const value = i % 2 === 0 ? `{"sensor_id": "${prefix}1", "broken #${i}` : JSON.stringify({ sensor_id: `${prefix}${i % sensors}`, ts: t0, temperature: -400 - i })
      return { key: 'bad', value, malformed: value }
    }
    const sensor = `${prefix}${i % sensors}`
    const ts = t0 + i * 100
    return { key: sensor, value: JSON.stringify({ sensor_id: sensor, machine_id: `M${i % 3}`, ts: new Date(ts).toISOString(), temperature: 50 + (i % 23) / 2 }), valid: `${sensor}|${ts}` }
  }

  const loop = (async () => {
    let connected = false
    while (state.running) {
      const batch = Array.from({ length: size }, (_, k) => message(next + k))
      // A failed send may still have landed: retry the same batch until it is acknowledged, even
      // when stopping, so that nothing on the topic goes uncounted.
      for (let sent = false; !sent; ) {
        try {
          if (!connected) {
            await producer.connect()
            connected = true
          }
          const messages = batch.map(({ key, value }) => ({ key, value }))
          await producer.send({ topic: options.topic, messages })
          sent = true
          if (options.resendEvery !== undefined && (next / size) % options.resendEvery === options.resendEvery - 1) {
            await producer.send({ topic: options.topic, messages })
            resent.batches++
            resent.messages += messages.length
          }
        } catch {
          state.retries++
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
      }
      for (const m of batch) {
        if (m.valid !== undefined) valid.add(m.valid)
        if (m.malformed !== undefined) malformed.add(m.malformed)
      }
      next += size
      for (const waiter of waiters.filter((w) => next >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 20))
    }
    await producer.disconnect().catch(() => undefined)
  })()

  return {
    valid,
    malformed,
    get retries() {
      return state.retries
    },
    resent,
    reached: (count) => (next >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    stop: async () => {
      state.running = false
      await loop
    },
  }
}
