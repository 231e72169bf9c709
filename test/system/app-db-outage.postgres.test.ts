/**
 * Instances sharing one PostgreSQL app database (issue 16), on a PostgreSQL server of this file's
 * own so that it can be restarted:
 * - failed sign-ins spread over two instances are counted as one and throttled together, and an
 *   API token made on one opens the other;
 * - PostgreSQL restarted while the embedded replay commits sensor readings: /api/health answers
 *   `degraded` naming the database (no crash), the instance reconnects by itself, answers `ok`
 *   again, signs a user in and saves a notebook, and sensors.readings ends with every replayed
 *   message exactly once (no offset missing, none twice).
 */
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { startPostgres, type PostgresServer } from '../harness/postgres.ts'

let server: PostgresServer
let databaseUrl: string
let first: ServedCockpit
let second: ServedCockpit | undefined

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const login = (cockpit: ServedCockpit, username: string, password: string) =>
  fetch(`${cockpit.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: cockpit.url }, body: JSON.stringify({ username, password }) })

interface Health {
  status: string
  components: Record<string, { status: string; message: string; pipeline?: { lastCommitMs: number | null; commitError: string | null } }>
}

async function health(cockpit: ServedCockpit): Promise<{ code: number; body: Health }> {
  const response = await fetch(`${cockpit.url}/api/health`).catch((error: Error) => {
    throw new Error(`${error.message}: ${String(error.cause)}; exit ${cockpit.child.exitCode}\n${cockpit.output().slice(-4000)}`)
  })
  return { code: response.status, body: await response.json() }
}

/** Polls /api/health until `accept` holds (bounded, so a failure names the last answer). */
async function healthUntil(cockpit: ServedCockpit, accept: (h: { code: number; body: Health }) => boolean): Promise<{ code: number; body: Health }> {
  let last: { code: number; body: Health } | undefined
  for (const started = Date.now(); Date.now() - started < 90_000; await sleep(250)) {
    last = await health(cockpit)
    if (accept(last)) return last
  }
  throw new Error(`health never became as expected; last: ${JSON.stringify(last)}\n${cockpit.output().slice(-3000)}`)
}

async function query<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Committed readings by Kafka offset, through the cockpit's SQL. */
async function readingOffsets(cockpit: ServedCockpit): Promise<{ rows: number; distinct: number; lo: number; hi: number }> {
  const response = await cockpit.api('/api/sql', json('POST', { sql: 'SELECT count(*), count(DISTINCT (kafka_partition, kafka_offset)), min(kafka_offset), max(kafka_offset) FROM sensors.readings' }))
  expect(response.status).toBe(200)
  const [rows, distinct, lo, hi] = ((await response.json()).rows as unknown[][])[0]!.map(Number)
  return { rows: rows!, distinct: distinct!, lo: lo!, hi: hi! }
}

beforeAll(async () => {
  server = await startPostgres({ database: 'outage' })
  databaseUrl = server.url
  first = await serveCockpit({ env: { COCKPIT_DATABASE_URL: databaseUrl } })
}, 300_000)
afterAll(async () => {
  await second?.stop()
  await first?.stop()
  await server?.stop()
})

describe('instances on one PostgreSQL app database', () => {
  it('reports degraded while PostgreSQL is down, reconnects by itself, and commits every replayed reading once', async () => {
    // The replay has committed readings before the outage.
    await healthUntil(first, ({ body }) => (body.components.sensorSource?.pipeline?.lastCommitMs ?? null) !== null)
    const ok = await health(first)
    expect(ok.body.components.appDb).toEqual({ status: 'ok', message: expect.stringMatching(/^PostgreSQL app database at 127\.0\.0\.1:\d+\/outage$/) })

    const beforeOutage = await readingOffsets(first)
    expect(beforeOutage.distinct).toBe(beforeOutage.rows)
    await server.halt()
    const down = await healthUntil(first, ({ body }) => body.components.appDb?.status !== 'ok')
    expect(down.code).toBe(200)
    expect(down.body.status).toBe('degraded')
    expect(down.body.components.appDb).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^PostgreSQL app database at 127\.0\.0\.1:\d+\/outage does not answer \(.+\); reconnecting by itself$/) })
    // Readings keep arriving while their commits fail; they wait to be committed again.
    await healthUntil(first, ({ body }) => (body.components.sensorSource?.pipeline?.commitError ?? null) !== null)
    expect(first.child.exitCode).toBeNull()

    await server.resume()
    await healthUntil(first, ({ body }) => body.status === 'ok' && body.components.sensorSource?.pipeline?.commitError === null)
    const back = await health(first)
    expect(back.code).toBe(200)
    expect(back.body.components.appDb?.status).toBe('ok')

    // Sessions and saves work again, on fresh connections.
    const user = await first.as('analyst')
    const relogin = await signIn(first.url, 'analyst', { username: user.username, password: user.password })
    const created = await relogin.api('/api/notebooks', json('POST', { text: '# After the restart\n\n```sql n\nselect 1 as n\n```\n' }))
    expect(created.status).toBe(201)

    // The readings committed across the outage: each replayed message once, none missing.
    const before = await readingOffsets(first)
    await healthUntil(first, () => true)
    let after = before
    for (let i = 0; i < 240 && after.hi <= before.hi; i++) {
      await sleep(250)
      after = await readingOffsets(first)
    }
    expect(after.hi).toBeGreaterThan(before.hi)
    expect(after.distinct).toBe(after.rows)
    expect(after.hi - after.lo + 1).toBe(after.rows)
    expect(first.child.exitCode).toBeNull()
  }, 300_000)

  it('throttle failed sign-ins spread over both as one, and share API tokens', async () => {
    second = await serveCockpit({ env: { COCKPIT_DATABASE_URL: databaseUrl, COCKPIT_CATALOG: join(first.dataDir, 'catalog'), COCKPIT_SIMULATOR: 'false' } })
    const { username } = await first.as('engineer')
    // Alone, each instance would allow 5 free failures and lock only on its own 6th (attempt 11 of
    // the alternation, the first 429 coming at attempt 13). Counted together, the 6th failure
    // locks the username on both, so a 429 comes within the first 11 attempts.
    let failures = 0
    let locked: Response | undefined
    for (let attempt = 0; attempt < 11 && locked === undefined; attempt++) {
      const response = await login(attempt % 2 === 0 ? first : second, username, `wrong-password-${attempt}`)
      if (response.status === 429) locked = response
      else {
        expect(response.status).toBe(401)
        failures++
      }
    }
    expect(locked?.status).toBe(429)
    expect(locked?.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await locked!.json()).error).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/^too many failed sign-ins: try again in \d+ s$/) })
    // Every failure through either instance is one count on the one row.
    expect(await query(`SELECT failures::int AS failures FROM login_failures WHERE scope = 'user' AND key = '${username.toLowerCase()}'`)).toEqual([{ failures }])

    // An API token made on one instance opens the other.
    const created = await (await first.as('engineer')).api('/api/tokens', json('POST', { name: 'shared', role: 'analyst' }))
    expect(created.status).toBe(201)
    const { token } = await created.json()
    const me = await fetch(`${second.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(await me.json()).toMatchObject({ role: 'analyst', via: 'token' })
    await second.stop()
    second = undefined
  }, 180_000)
})
