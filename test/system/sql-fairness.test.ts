/**
 * One analyst cannot starve everyone's SQL (issue 12, item 5), on a running cockpit through
 * HTTP: user A floods the sandbox with cross joins that would run for hours; user B's small
 * query is answered while A's still run and wait; A's abandoned queries (the fetch aborted)
 * stop at once — with a time limit of ten minutes, only the disconnect can end them — and a
 * flood past A's own queue is refused `503 busy` with `Retry-After`. Ordering and state, read
 * from /api/metrics; no timers. The pool's gauges count every user's queries, and the built-in
 * SQL alert rules run on their own schedule as user `alert-rules`, so a snapshot of them asserts
 * bounds (A's six are still there) and the waits poll for a state rather than catch one instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit
let analyst: CockpitUser
let engineer: CockpitUser

const CROSS_JOIN = 'SELECT count(*) FROM range(1000000000) a CROSS JOIN range(1000000000) b'

function post(sql: string, signal?: AbortSignal): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }), signal }
}

/** The SQL pool's gauges and counters from /api/metrics (admins only). */
async function sqlPool(): Promise<{ running: number; queued: number; cancelled: number; refused: number; workers: number }> {
  const text = await (await cockpit.api('/api/metrics')).text()
  const value = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
  return {
    running: value('cockpit_sql_queries_running'),
    queued: value('cockpit_sql_queries_queued'),
    cancelled: value('cockpit_sql_queries_cancelled_total'),
    refused: value('cockpit_sql_queries_refused_total'),
    workers: value('cockpit_sql_workers'),
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting: ${what} (pool: ${JSON.stringify(await sqlPool())})`)
}

/** A's queries, each abandoned by aborting its fetch; the fetches' own rejections are expected. */
function flood(user: CockpitUser, count: number): { clients: AbortController[]; settled: Promise<unknown[]> } {
  const clients = Array.from({ length: count }, () => new AbortController())
  const settled = Promise.all(clients.map((client) => user.api('/api/query', post(CROSS_JOIN, client.signal)).catch((error: unknown) => error)))
  return { clients, settled }
}

beforeAll(async () => {
  // Ten minutes: no query here may end by its time limit while the test runs.
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false', COCKPIT_QUERY_TIMEOUT: '10m' } })
  // Two distinct users who may run SQL: the embedded demo analyst and engineer.
  analyst = await cockpit.as('analyst')
  engineer = await cockpit.as('engineer')
  expect(analyst.username).not.toBe(engineer.username)
  expect((await analyst.api('/api/query', post('SELECT 1'))).status).toBe(200)
}, 120_000)
afterAll(() => cockpit?.stop())

describe('SQL shared fairly between users', { timeout: 90_000 }, () => {
  it("answers B's small query while A's flood runs and waits, and stops A's queries once A's client goes away", async () => {
    // The default per-user limit is 2, so the server runs 3 workers.
    await until(async () => (await sqlPool()).workers === 3, 'three SQL workers')
    const a = flood(analyst, 6)
    try {
      await until(async () => {
        const pool = await sqlPool()
        return pool.running === 2 && pool.queued === 4
      }, "A's first two queries running, four waiting")

      const b = await engineer.api('/api/query', post('SELECT 42 AS answer'))
      expect(b.status).toBe(200)
      expect(await b.json()).toMatchObject({ rows: [[42]] })
      // B was answered while all six of A's queries were still running or waiting: A runs two at
      // most, none was cancelled and none can have ended (a billion-squared cross join).
      const afterB = await sqlPool()
      expect(afterB.cancelled).toBe(0)
      expect(afterB.running).toBeGreaterThanOrEqual(2)
      expect(afterB.queued).toBeGreaterThanOrEqual(4)

      // A's client gives up on four (the two running and two waiting) …
      for (const client of a.clients.slice(0, 4)) client.abort()
      await until(async () => (await sqlPool()).cancelled === 4, "four of A's queries cancelled")
      // … the other two move up to A's freed slots …
      await until(async () => {
        const pool = await sqlPool()
        return pool.running === 2 && pool.queued === 0
      }, "A's remaining two queries running")
      // … and then on the rest: with a ten-minute time limit, only the disconnect ends them.
      for (const client of a.clients.slice(4)) client.abort()
      await until(async () => {
        const pool = await sqlPool()
        return pool.running === 0 && pool.queued === 0 && pool.cancelled === 6
      }, "all six of A's queries cancelled, none running")
      await a.settled
    } finally {
      // A failed step must not leave A's flood running into the next test.
      for (const client of a.clients) client.abort()
    }

    // The workers were interrupted, not lost: all three answer at once.
    const answers = await Promise.all([analyst, analyst, engineer].map(async (user) => (await user.api('/api/query', post('SELECT 1 AS ok'))).status))
    expect(answers).toEqual([200, 200, 200])
  })

  it("refuses A's queries past A's own queue with 503 busy and Retry-After, while B is still served", async () => {
    // Two running and eight waiting fill A's share.
    const a = flood(analyst, 10)
    try {
      await until(async () => {
        const pool = await sqlPool()
        return pool.running === 2 && pool.queued === 8
      }, "A's two queries running and eight waiting")
      const refused = await analyst.api('/api/query', post('SELECT 1'))
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
      expect((await refused.json()).error).toMatchObject({ code: 'busy' })

      const b = await engineer.api('/api/query', post('SELECT 42 AS answer'))
      expect(await b.json()).toMatchObject({ rows: [[42]] })
    } finally {
      for (const client of a.clients) client.abort()
    }
    await until(async () => {
      const pool = await sqlPool()
      return pool.running === 0 && pool.queued === 0
    }, 'A’s flood gone')
    await a.settled
  })
})
