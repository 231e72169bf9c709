/**
 * `cockpit migrate-db <postgres-url>` (issue 16): an embedded cockpit gathers state — demo users
 * and a session, the MES dumps ingested and KPIs built, a notebook, a published board, an alert
 * rule, replayed sensor readings — and is stopped; migrate-db moves its app database into an
 * empty PostgreSQL database; `cockpit sql` then answers exactly the same CSV (now and at an
 * earlier snapshot) from the same data dir's catalog files, every app table holds as many rows,
 * and `cockpit start` with COCKPIT_DATABASE_URL on that data dir signs the same users in and
 * serves the same notebooks, boards and rules. A running cockpit, a non-empty target and a bad
 * URL are refused with one line that never shows the password.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase } from '../harness/app-databases.ts'
import { runCockpit, serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { freePort } from '../harness/ports.ts'

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const QUERIES = {
  counts: 'SELECT * FROM mes.production_counts ORDER BY ALL',
  kpis: 'SELECT * FROM kpi.machine_daily ORDER BY ALL',
  readings: 'SELECT * FROM sensors.readings ORDER BY ALL',
}
const EARLIER = 'SELECT count(*) AS n, count(DISTINCT machine_id) AS machines FROM mes.production_counts'

const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-migrate-'))
let databaseUrl: string
let embedded: ServedCockpit | undefined
let migrated: ServedCockpit | undefined
let state: { notebookId: number; boardId: number; ruleId: number; notebook: unknown; board: unknown; rule: unknown; analystCookie: string; users: unknown }
const before: Record<string, string> = {}
let earlierSnapshot: number
let migrateOutput = ''

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const run = runCockpit([...args, '--data-dir', dataDir], { COCKPIT_LOG_LEVEL: 'silent', ...env })
  const code = await run.exited
  return { code, output: run.output() }
}

async function csv(sql: string, env: NodeJS.ProcessEnv = {}, asOf?: number): Promise<string> {
  const { code, output } = await cli(['sql', sql, '--format', 'csv', '--max-rows', '1000000', ...(asOf === undefined ? [] : ['--as-of', String(asOf)])], env)
  if (code !== 0) throw new Error(`cockpit sql ${sql} exited ${code}: ${output}`)
  return output
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`gave up waiting for ${what}:\n${embedded?.output()}`)
}

/** Rows per app table in the data dir's SQLite file (read-only; the cockpit is stopped). */
function sqliteCounts(): Record<string, number> {
  const sqlite = new Database(join(dataDir, 'app.sqlite'), { readonly: true })
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").all() as { name: string }[]
    return Object.fromEntries(tables.map(({ name }) => [name, (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]))
  } finally {
    sqlite.close()
  }
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'")
    const counts: Record<string, number> = {}
    for (const { name } of rows) counts[name] = Number((await client.query(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n)
    return counts
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  databaseUrl = await createPostgresDatabase()
  embedded = await serveCockpit({ dataDir, timeoutMs: 120_000 })
  const cockpit = embedded
  for (const job of ['mes-ingest', 'kpi-rebuild']) {
    await until(`the first ${job} run`, async () => (await (await cockpit.api(`/api/jobs?job=${job}`)).json()).runs.some((run: { status: string }) => run.status === 'succeeded'))
  }
  const analyst = await cockpit.as('analyst')
  const engineer = await cockpit.as('engineer')
  const text = '# Before the move\n\n```sql counts\nselect count(*) as n from mes.production_counts\n```\n'
  const notebookId = (await (await analyst.api('/api/notebooks', json('POST', { text }))).json()).id
  const board = await analyst.api('/api/boards', json('POST', { title: 'Moved board', inputs: [], tiles: [{ id: 'counts', notebook: notebookId, cell: 'counts', kind: 'table', title: 'Counts', x: 0, y: 0, w: 4, h: 2 }] }))
  const boardId = (await board.json()).id
  expect((await analyst.api(`/api/boards/${boardId}/publish`, { method: 'POST' })).status).toBe(201)
  const rule = { name: 'hot before the move', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: 500, for: '0s', severity: 'warning' }
  const created = await engineer.api('/api/alerts/rules', json('POST', rule))
  expect(created.status).toBe(201)
  const ruleId = (await created.json()).id
  await until('replayed sensor readings in the catalog', async () => {
    const response = await cockpit.api('/api/sql', json('POST', { sql: 'SELECT count(*) FROM sensors.readings' }))
    return response.status === 200 && Number((await response.json()).rows[0][0]) > 0
  })

  // Refused while the cockpit runs on the data dir.
  const busy = await cli(['migrate-db', databaseUrl])
  expect(busy.code, busy.output).toBe(1)
  expect(busy.output).toMatch(/^cockpit: migrate-db failed: the app database in .* is in use: stop the cockpit/)

  state = {
    notebookId,
    boardId,
    ruleId,
    notebook: await (await analyst.api(`/api/notebooks/${notebookId}`)).json(),
    board: await (await analyst.api(`/api/boards/${boardId}`)).json(),
    rule: await (await engineer.api(`/api/alerts/rules/${ruleId}`)).json(),
    analystCookie: `${analyst.cookie.name}=${analyst.cookie.value}`,
    users: await (await cockpit.api('/api/admin/users')).json(),
  }
  expect(await embedded.stop()).toBe(0)
  embedded = undefined

  for (const [name, sql] of Object.entries(QUERIES)) before[name] = await csv(sql)
  const sqlite = new Database(join(dataDir, 'app.sqlite'), { readonly: true })
  const snapshots = sqlite.prepare("SELECT id FROM catalog_snapshots WHERE tables LIKE '%production_counts%' ORDER BY id").all() as { id: number }[]
  sqlite.close()
  earlierSnapshot = snapshots[0]!.id
  before.earlier = await csv(EARLIER, {}, earlierSnapshot)

  const run = await cli(['migrate-db', databaseUrl])
  migrateOutput = run.output
  expect(run.code, run.output).toBe(0)
}, 600_000)

afterAll(async () => {
  await migrated?.stop()
  await embedded?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('cockpit migrate-db', () => {
  it('reports every table with equal counts, the catalog check and what to set next, the password starred', () => {
    const password = new URL(databaseUrl).password
    expect(migrateOutput).not.toContain(password)
    expect(migrateOutput).toMatch(/^users\s+\d+\s+\d+$/m)
    expect(migrateOutput).toContain('every count matches')
    expect(migrateOutput).toMatch(/Catalog: latest snapshot \d+/)
    expect(migrateOutput).toContain(`COCKPIT_DATABASE_URL=${new URL(databaseUrl).protocol}//${new URL(databaseUrl).username}:***@`)
  })

  it('leaves every app table with as many rows in PostgreSQL as in SQLite', async () => {
    const sqlite = sqliteCounts()
    const postgres = await postgresCounts(databaseUrl)
    expect(postgres).toEqual(sqlite)
    for (const table of ['users', 'sessions', 'notebooks', 'notebook_versions', 'boards', 'board_versions', 'alert_rules', 'catalog_snapshots', 'catalog_files', 'job_runs']) expect(postgres[table], table).toBeGreaterThan(0)
  })

  it('answers the same SQL over the same catalog files, now and at an earlier snapshot', async () => {
    const env = { COCKPIT_DATABASE_URL: databaseUrl }
    for (const [name, sql] of Object.entries(QUERIES)) {
      expect(before[name]!.split('\n').length, name).toBeGreaterThan(2)
      expect(await csv(sql, env), name).toBe(before[name])
    }
    expect(await csv(EARLIER, env, earlierSnapshot)).toBe(before.earlier)
  }, 120_000)

  it('starts on PostgreSQL with the same users, sessions, notebooks, boards and rules, and numbers new rows after the copied ones', async () => {
    migrated = await serveCockpit({ dataDir, env: { COCKPIT_DATABASE_URL: databaseUrl, COCKPIT_SIMULATOR: 'false' }, timeoutMs: 120_000 })
    const analyst = await migrated.as('analyst')
    const engineer = await migrated.as('engineer')
    expect(await (await analyst.api(`/api/notebooks/${state.notebookId}`)).json()).toEqual(state.notebook)
    expect(await (await analyst.api(`/api/boards/${state.boardId}`)).json()).toEqual(state.board)
    expect(await (await engineer.api(`/api/alerts/rules/${state.ruleId}`)).json()).toEqual(state.rule)
    expect(await (await migrated.api('/api/admin/users')).json()).toEqual(state.users)
    // A session from before the move is still signed in.
    const me = await fetch(`${migrated.url}/api/auth/me`, { headers: { cookie: state.analystCookie, origin: migrated.url } })
    expect(me.status).toBe(200)
    // The sequences continue past the copied ids.
    const next = await analyst.api('/api/notebooks', json('POST', { text: '# After the move\n' }))
    expect(next.status).toBe(201)
    expect((await next.json()).id).toBeGreaterThan(state.notebookId)
  }, 180_000)

  it('refuses a PostgreSQL database that is not empty, naming its tables', async () => {
    const again = await cli(['migrate-db', databaseUrl])
    expect(again.code).toBe(1)
    expect(again.output.trim().split('\n')).toHaveLength(1)
    expect(again.output).toMatch(/^cockpit: migrate-db failed: the PostgreSQL database at postgres:\/\/cockpit:\*\*\*@.* is not empty \(\w+ \(\d+\).*; migrate-db only fills an empty database/)
  })

  it('answers a bad URL with one line that hides the password, and a data dir without app.sqlite', async () => {
    const closed = await cli(['migrate-db', `postgres://cockpit:s3cret-pw@127.0.0.1:${await freePort()}/cockpit`])
    expect(closed.code).toBe(1)
    expect(closed.output.trim().split('\n')).toHaveLength(1)
    expect(closed.output).toMatch(/^cockpit: migrate-db failed: cannot open PostgreSQL at postgres:\/\/cockpit:\*\*\*@127\.0\.0\.1:\d+\/cockpit: /)
    expect(closed.output).not.toContain('s3cret-pw')

    const mysql = await cli(['migrate-db', 'mysql://cockpit:s3cret-pw@db/cockpit'])
    expect(mysql.code).toBe(2)
    expect(mysql.output.trim()).toBe('cockpit: migrate-db failed: expected a PostgreSQL URL such as postgres://user:password@host:5432/database, got "mysql://cockpit:***@db/cockpit"')

    const elsewhere = mkdtempSync(join(tmpdir(), 'cockpit-migrate-none-'))
    const none = runCockpit(['migrate-db', databaseUrl, '--data-dir', elsewhere], { COCKPIT_LOG_LEVEL: 'silent' })
    expect(await none.exited).toBe(2)
    expect(none.output().trim()).toBe(`cockpit: migrate-db failed: no embedded app database in ${elsewhere} (app.sqlite): is --data-dir (COCKPIT_DATA_DIR) the cockpit's data dir?`)
    rmSync(elsewhere, { recursive: true, force: true })
  })
})
