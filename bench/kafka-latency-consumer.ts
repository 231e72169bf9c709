/**
 * The reference of the `latency` benchmark, in its own process: a raw kafkajs consumer (its own
 * group, from the end of the topic) that records, for every message, receipt time minus the
 * epoch-ms `ts` the producer stamped at send time. Same IPC protocol as ./sse-client-driver.ts
 * (`reset`, `report`, `close`), plus {type: 'ready'} once it has joined and is assigned.
 */
import { Kafka, logLevel } from 'kafkajs'
import { LatencyHistogram } from './latency-histogram.ts'

const [brokers, topic] = process.argv.slice(2) as [string, string]
const histogram = new LatencyHistogram()
let events = 0
const consumer = new Kafka({ clientId: 'bench-latency-raw', brokers: [brokers], logLevel: logLevel.NOTHING }).consumer({ groupId: `bench-latency-raw-${Date.now()}` })
await consumer.connect()
await consumer.subscribe({ topic, fromBeginning: false })
consumer.on(consumer.events.GROUP_JOIN, () => process.send?.({ type: 'ready' }))
await consumer.run({
  eachBatch: async ({ batch }) => {
    const now = Date.now()
    for (const message of batch.messages) {
      const text = message.value?.toString('utf8') ?? ''
      const at = text.indexOf('"ts":')
      if (at < 0) continue
      histogram.add(now - Number.parseInt(text.slice(at + 5, at + 25), 10))
      events++
    }
  },
})

process.on('message', async (message: { type: string }) => {
  if (message.type === 'reset') {
    histogram.reset()
    events = 0
  } else if (message.type === 'report') {
    process.send?.({ type: 'report', histogram: histogram.entries(), events, open: 1, errors: 0 })
  } else if (message.type === 'close') {
    await consumer.disconnect().catch(() => undefined)
    process.exit(0)
  }
})
process.on('disconnect', () => process.exit(0))
