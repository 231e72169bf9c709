/**
 * What a fault test asserts, counted from the catalog (a data dir's, or one shared by instances)
 * against what the producers know they sent and what the topic holds: every valid reading once,
 * every malformed message in quarantine, no Kafka message stored twice.
 */
import { Kafka, logLevel } from 'kafkajs'
import { expect } from 'vitest'
import { queryCatalog, type CatalogLocation } from './data-dir-catalog.ts'
import type { StreamProducer } from './stream-producer.ts'

export interface StreamFigures {
  /** Acknowledged by the producer: valid (distinct sensor_id, ts) and malformed. */
  produced: number
  valid: number
  malformed: number
  /** Messages on the topic (more than produced when a retried send had landed before). */
  onTopic: number
  /** Stored rows of sensors.readings, and their distinct Kafka positions and (sensor_id, ts). */
  readingRows: number
  readingPositions: number
  distinctReadings: number
  /** Rows of sensors.readings as users query it (a (sensor_id, ts) sent twice shows once). */
  shownReadings: number
  /** Readings counted by the closed windows of sensors.windows_1m (sum of n)… */
  windowedReadings: number
  /** …and the distinct readings before the end of the last closed window, which they must equal. */
  readingsInClosedWindows: number
  /** Readings whose (sensor_id, ts) the producer never sent. */
  unexpectedReadings: number
  quarantined: number
  quarantinePositions: number
  /** Malformed payloads acknowledged by the producer but not in quarantine. */
  malformedMissing: number
  /** Quarantined payloads the producer did not send as malformed (a valid message rejected). */
  unexpectedRejects: number
}

/** `producer`: what was acknowledged — one producer, or the union of several that wrote to the topic. */
export async function auditStream(catalog: CatalogLocation, brokers: string, topic: string, producer: Pick<StreamProducer, 'valid' | 'malformed'>): Promise<StreamFigures> {
  const admin = new Kafka({ clientId: 'fault-audit', brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())
  const onTopic = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)
  const [readings] = await queryCatalog(
    catalog,
    `SELECT (SELECT count(*) FROM raw.readings) AS rows, (SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM raw.readings) AS positions,
            (SELECT count(DISTINCT (sensor_id, ts)) FROM sensors.readings) AS distinct_readings, (SELECT count(*) FROM sensors.readings) AS shown_readings,
            (SELECT count(*) FROM raw.sensor_messages) AS quarantined, (SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM raw.sensor_messages) AS quarantine_positions`,
    ['sensors.readings', 'quarantine.sensor_messages'],
  )
  const [windows] = await queryCatalog(
    catalog,
    `SELECT (SELECT coalesce(sum(n), 0) FROM sensors.windows_1m) AS windowed,
            (SELECT count(DISTINCT (sensor_id, ts)) FROM sensors.readings WHERE ts < (SELECT max(window_end) FROM sensors.windows_1m)) AS in_closed`,
  )
  const keys = await queryCatalog(catalog, `SELECT DISTINCT sensor_id || '|' || epoch_ms(ts) AS key FROM sensors.readings`)
  const payloads = await queryCatalog(catalog, 'SELECT DISTINCT payload FROM quarantine.sensor_messages')
  const stored = new Set(payloads.map((row) => String(row.payload)))
  return {
    produced: producer.valid.size + producer.malformed.size,
    valid: producer.valid.size,
    malformed: producer.malformed.size,
    onTopic,
    readingRows: Number(readings!.rows),
    readingPositions: Number(readings!.positions),
    distinctReadings: Number(readings!.distinct_readings),
    shownReadings: Number(readings!.shown_readings),
    windowedReadings: Number(windows!.windowed),
    readingsInClosedWindows: Number(windows!.in_closed),
    unexpectedReadings: keys.filter((row) => !producer.valid.has(String(row.key))).length,
    quarantined: Number(readings!.quarantined),
    quarantinePositions: Number(readings!.quarantine_positions),
    malformedMissing: [...producer.malformed].filter((payload) => !stored.has(payload)).length,
    unexpectedRejects: [...stored].filter((payload) => !producer.malformed.has(payload)).length,
  }
}

/** Logs the figures (for the closing notes) and asserts each message on the topic is stored exactly once. */
export function expectExactlyOnce(figures: StreamFigures, what: string): void {
  console.log(`${what}: ${JSON.stringify(figures)}`)
  expect(figures.valid).toBeGreaterThan(0)
  expect(figures.malformed).toBeGreaterThan(0)
  // Every valid reading produced is there, once, and nothing else.
  expect(figures.distinctReadings).toBe(figures.valid)
  expect(figures.shownReadings).toBe(figures.valid)
  expect(figures.unexpectedReadings).toBe(0)
  // The closed windows count each reading once too.
  expect(figures.windowedReadings).toBeGreaterThan(0)
  expect(figures.windowedReadings).toBe(figures.readingsInClosedWindows)
  // No Kafka message stored twice, and every message on the topic stored: as a reading or quarantined.
  // A retried send that had landed before puts copies on the topic, at their own offsets: a valid
  // copy is one more reading row of the same (sensor_id, ts), a malformed one one more quarantine
  // row — so rows are counted against Kafka positions, not against what was produced.
  expect(figures.readingRows).toBe(figures.readingPositions)
  expect(figures.quarantined).toBe(figures.quarantinePositions)
  expect(figures.readingRows + figures.quarantined).toBe(figures.onTopic)
  // Every malformed message is in quarantine, and nothing valid is.
  expect(figures.malformedMissing).toBe(0)
  expect(figures.unexpectedRejects).toBe(0)
}
