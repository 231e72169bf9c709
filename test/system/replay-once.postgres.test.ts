/**
 * The embedded replay across instances (issue 16): two `cockpit start` on one PostgreSQL app
 * database and one catalog folder, no Kafka. Only the instance holding the `sensor-replay` lease
 * replays (its health lists the replay's partition; the other's lists none, and its SQL reads
 * what the holder committed); every replayed offset is stored once. Killed with SIGKILL, the
 * holder leaves the replay to the other instance once its lease runs out, which goes on from the
 * catalog's offset: the readings continue, still each offset once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createPostgresDatabase } from '../harness/app-databases.ts'
import type { ServedCockpit } from '../harness/cockpit.ts'
import { Instances, sensorPartitionsOf as partitionsOf } from '../harness/instances.ts'
import { until } from '../sensors/until.ts'

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-replay-once-'))
const instances = new Instances()

afterEach(async () => {
  await instances.stopAll()
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The replay's next offset committed with the data (PostgreSQL's stream_offsets). */
async function nextOffset(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query("SELECT next_offset FROM stream_offsets WHERE consumer = 'replay' AND partition = 0")
    return rows.length === 0 ? 0 : Number(rows[0].next_offset)
  } finally {
    await client.end()
  }
}

interface Stored {
  rows: number
  offsets: number
  /** One past the highest offset stored. */
  end: number
}

/** sensors.readings as an instance's SQL answers it: rows, distinct offsets, and the end of them. */
async function storedOn(cockpit: ServedCockpit): Promise<Stored> {
  const response = await cockpit.api('/api/sql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sql: 'SELECT count(*), count(DISTINCT kafka_offset), coalesce(max(kafka_offset) + 1, 0) FROM sensors.readings' }),
  })
  expect(response.status).toBe(200)
  const [rows, offsets, end] = ((await response.json()).rows as unknown[][])[0]!.map(Number)
  return { rows: rows!, offsets: offsets!, end: end! }
}

/** Each offset once, none skipped: rows = distinct offsets = the catalog's next offset (retried until no commit lands between the reads). */
async function storedOnce(cockpit: ServedCockpit, url: string): Promise<Stored> {
  let stored: Stored | undefined
  await until(async () => {
    const before = await nextOffset(url)
    stored = await storedOn(cockpit)
    return before === (await nextOffset(url)) && stored.end === before
  }, 'a read of sensors.readings between two commits')
  expect(stored!.rows).toBe(stored!.offsets)
  expect(stored!.rows).toBe(stored!.end)
  return stored!
}

describe('the embedded replay on two cockpit instances sharing one PostgreSQL database and catalog', () => {
  it('replays on one instance only, each reading stored once; after a SIGKILL of the holder the other goes on, still once', async () => {
    const url = await createPostgresDatabase()
    const env = { COCKPIT_DATABASE_URL: url, COCKPIT_CATALOG: mkdtempSync(join(scratch, 'catalog-')), COCKPIT_SIMULATOR: 'false', COCKPIT_SENSOR_COMMIT_MS: '1000' }
    const holder = await instances.serve(env)
    await until(async () => (await nextOffset(url)) > 0, 'the first replayed readings committed')
    const other = await instances.serve(env)
    await until(async () => (await nextOffset(url)) > 40, 'more replayed readings committed')

    expect(await partitionsOf(holder)).toEqual([0])
    expect(await partitionsOf(other)).toEqual([])
    // The standby reads what the holder commits: every offset once, not once per instance.
    const before = await storedOnce(other, url)
    expect(before.rows).toBeGreaterThan(40)

    holder.child.kill('SIGKILL')
    await holder.exited
    expect(holder.child.signalCode).toBe('SIGKILL')
    const atKill = await nextOffset(url)
    // The lease runs out 30 s after the holder's last renewal; the standby tries every 10 s.
    await until(async () => (await partitionsOf(other)).includes(0), 'the other instance to take the replay over', 90_000)
    await until(async () => (await nextOffset(url)) > atKill + 40, 'the replay to go on from the other instance', 60_000)
    expect(other.output()).toContain(`sensor-replay: this instance holds the lease and runs it`)

    const after = await storedOnce(other, url)
    expect(after.rows).toBeGreaterThan(atKill + 40)
  }, 300_000)
})
