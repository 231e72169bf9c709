/**
 * Catalog commits that fail (a full disk, the app database locked) while the stream runs: the
 * consumer keeps what it read, says so in its stats, and once commits succeed again every
 * message on the topic is in the catalog exactly once — without a restart.
 */
import { Kafka, logLevel } from 'kafkajs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { committedOffsets } from '../../catalog/index.ts'
import { silentLogger } from '../../jobs/index.ts'
import { startSensorConsumer } from '../../jobs/sensors/index.ts'
import { createTestCatalog, type TestCatalog } from '../fixtures/test-catalog.ts'
import { auditStream, expectExactlyOnce } from './stream-audit.ts'
import { startStreamProducer } from './stream-producer.ts'
import { until } from './until.ts'

const brokers = inject('kafka').brokers
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

describe('failing catalog commits', () => {
  it('keep what was read, and commit it once commits succeed again, each message once', { timeout: 180_000 }, async () => {
    const topic = `commit-failures-${Date.now()}`
    const group = `${topic}-group`
    const admin = new Kafka({ clientId: 'commit-failures-test', brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    cleanups.push(() => admin.disconnect())
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
    const test: TestCatalog = await createTestCatalog()
    cleanups.push(() => test.close())
    const producer = startStreamProducer({ brokers, topic })
    cleanups.push(() => producer.stop())

    // Commits 2 to 4 fail after their files are written, before the catalog transaction.
    let attempts = 0
    const consumer = await startSensorConsumer({
      catalog: test.catalog,
      brokers: [brokers],
      topic,
      group,
      tempDir: join(test.dir, 'tmp'),
      logger: silentLogger,
      commitMs: 300,
      commitEffects: {
        afterFilesWritten: () => {
          attempts++
          if (attempts >= 2 && attempts <= 4) throw new Error(`no space left on device (injected, commit attempt ${attempts})`)
        },
      },
    })
    let stopped = false
    cleanups.push(async () => void (stopped || (await consumer.stop())))

    await until(() => consumer.stats.commitError !== null, 'a failed commit')
    expect(consumer.stats.commitError).toMatch(/no space left on device \(injected/)
    const committedWhileFailing = consumer.stats.commits
    await until(() => consumer.stats.commitFailures === 3 && consumer.stats.commitError === null, 'commits to succeed again')
    expect(consumer.stats.commits).toBeGreaterThan(committedWhileFailing)

    await producer.reached(producer.valid.size + producer.malformed.size + 1_000)
    await producer.stop()
    await until(async () => {
      const high = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
      const committed = [...(await committedOffsets(test.catalog, group, topic)).values()].reduce((sum, offset) => sum + Number(offset), 0)
      return committed === high
    }, 'everything on the topic to be committed to the catalog', 120_000)
    await consumer.stop()
    stopped = true

    expect(consumer.stats.commitFailures).toBe(3)
    expectExactlyOnce(await auditStream(test.dir, brokers, topic, producer), `commits failing (${consumer.stats.commitFailures} failed, ${consumer.stats.commits} committed)`)
  })
})
