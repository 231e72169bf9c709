/** `cockpit replay` publishes the NAB recording to the real broker as valid sensor messages. */
import { Kafka, logLevel } from 'kafkajs'
import { describe, expect, inject, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { parseSensorMessage } from '../../jobs/sensors/index.ts'
import { runCockpit } from '../harness/cockpit.ts'

const brokers = inject('kafka').brokers
const csv = fileURLToPath(new URL('../../jobs/sensors/source/replay/replay-data/machine_temperature_system_failure.csv', import.meta.url))

describe('cockpit replay', () => {
  it('publishes one message per machine and step with the recorded timestamps', async () => {
    const topic = `replay-${Date.now()}`
    const run = runCockpit(['replay', csv, '--brokers', brokers, '--topic', topic, '--speed', '0', '--machines', '2', '--limit', '100'])
    expect(await run.exited).toBe(0)
    expect(run.output()).toMatch(new RegExp(`published 200 messages to ${topic} on ${brokers.replace('.', '\\.')}`))

    const kafka = new Kafka({ clientId: 'replay-test', brokers: [brokers], logLevel: logLevel.NOTHING })
    const consumer = kafka.consumer({ groupId: `replay-test-${Date.now()}` })
    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    const values: string[] = []
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) })
    for (let i = 0; i < 100 && values.length < 200; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    await consumer.disconnect()
    expect(values).toHaveLength(200)
    const parsed = values.map((value) => parseSensorMessage(value, { now: Date.now() }))
    expect(parsed.every((p) => 'reading' in p)).toBe(true)
    const first = parsed.find((p) => 'reading' in p && p.reading.sensorId === 'M01-T1' && p.reading.ts === Date.parse('2013-12-02T21:15:00Z'))
    expect(first).toEqual({ reading: { sensorId: 'M01-T1', machineId: 'M01', ts: Date.parse('2013-12-02T21:15:00Z'), temperatureC: 73.96732207 } })
  })

  it('names a file that is not a recording, and exits 2 without brokers', async () => {
    const bad = runCockpit(['replay', fileURLToPath(import.meta.url), '--brokers', brokers, '--topic', 'x', '--speed', '0'])
    expect(await bad.exited).toBe(1)
    expect(bad.output()).toMatch(/cockpit: replay failed: .*replay-cli\.kafka\.test\.ts, line 2: expected "timestamp,value"/)
    const none = runCockpit(['replay', csv])
    expect(await none.exited).toBe(2)
    expect(none.output()).toContain('no Kafka brokers: give --brokers or set COCKPIT_KAFKA_BROKERS')
  })
})
