/**
 * `cockpit start` with its app database in a real PostgreSQL (COCKPIT_DATABASE_URL, issue 16):
 * the simulator's MES dumps are ingested into a catalog whose metadata lives in PostgreSQL and
 * SQL reads them; demo users sign in; a notebook is saved (and a stale save refused), a board
 * published, an alert rule saved and fired by the replayed sensor readings — and none of it is
 * in a SQLite file. A second instance on the same database and catalog folder then shares the
 * state: the first one's session cookie, notebook and query results.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase } from '../harness/app-databases.ts'
import { runCockpit, serveCockpit, type Role, type ServedCockpit } from '../harness/cockpit.ts'

let databaseUrl: string
let cockpit: ServedCockpit
let second: ServedCockpit | undefined

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const as = async (role: Role, path: string, init?: RequestInit): Promise<Response> => (await cockpit.as(role)).api(path, init)
const KPI_SQL = 'SELECT count(*) AS n, count(DISTINCT machine_id) AS machines FROM mes.production_counts'

async function finished(job: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { runs } = await (await cockpit.api(`/api/jobs?job=${job}`)).json()
    if (runs.some((run: { status: string }) => run.status !== 'running')) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the first ${job} run did not finish:\n${cockpit.output()}`)
}

async function count(table: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  databaseUrl = await createPostgresDatabase()
  cockpit = await serveCockpit({ env: { COCKPIT_DATABASE_URL: databaseUrl } })
  for (const job of ['mes-ingest', 'kpi-rebuild']) await finished(job)
}, 300_000)
afterAll(async () => {
  await second?.stop()
  await cockpit?.stop()
})

describe('a cockpit whose app database is PostgreSQL', () => {
  it('ingests the MES dumps into the catalog and answers SQL over them, its metadata in PostgreSQL and no SQLite file', async () => {
    const { runs } = await (await cockpit.api('/api/jobs?job=mes-ingest')).json()
    expect(runs[0]).toMatchObject({ status: 'succeeded' })
    const response = await cockpit.api('/api/sql', json('POST', { sql: KPI_SQL }))
    expect(response.status).toBe(200)
    const { rows } = await response.json()
    const [n, machines] = (rows as string[][])[0]!.map(Number)
    expect(n).toBeGreaterThan(0)
    expect(machines).toBeGreaterThan(1)
    expect(await count('catalog_snapshots')).toBeGreaterThan(0)
    expect(await count('catalog_files')).toBeGreaterThan(0)
    expect(existsSync(join(cockpit.dataDir, 'app.sqlite'))).toBe(false)

    // The CLI reads the same catalog through the same setting.
    const cli = runCockpit(['sql', KPI_SQL, '--format', 'csv', '--data-dir', cockpit.dataDir], { COCKPIT_DATABASE_URL: databaseUrl, COCKPIT_LOG_LEVEL: 'silent' })
    expect(await cli.exited, cli.output()).toBe(0)
    expect(cli.output()).toContain(`${n},${machines}`)
  })

  it('signs in the demo users, whose accounts and sessions are rows in PostgreSQL', async () => {
    const analyst = await cockpit.as('analyst')
    expect((await analyst.api('/api/auth/me')).status).toBe(200)
    expect(await count('users')).toBeGreaterThanOrEqual(4)
    expect(await count('sessions')).toBeGreaterThanOrEqual(1)
    const wrong = await fetch(`${cockpit.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: cockpit.url }, body: JSON.stringify({ username: analyst.username, password: 'wrong-password-1' }) })
    expect(wrong.status).toBe(401)
  })

  it('saves a notebook on its base version and refuses a stale save', async () => {
    const text = '# Counts on PostgreSQL\n\n```sql counts\nselect count(*) as n from mes.production_counts\n```\n'
    const created = await as('analyst', '/api/notebooks', json('POST', { text }))
    expect(created.status).toBe(201)
    const { id } = await created.json()
    const edited = text.replace('count(*) as n', 'count(*) as periods')
    expect((await as('engineer', `/api/notebooks/${id}`, json('PUT', { text: edited, baseVersion: 1 }))).status).toBe(200)
    const stale = await as('analyst', `/api/notebooks/${id}`, json('PUT', { text, baseVersion: 1 }))
    expect(stale.status).toBe(409)
    expect(await (await as('analyst', `/api/notebooks/${id}`)).json()).toMatchObject({ version: 2, text: edited, updatedBy: 'engineer' })
    expect((await (await as('analyst', `/api/notebooks/${id}/versions`)).json()).versions).toHaveLength(2)

    const board = await as('analyst', '/api/boards', json('POST', { title: 'Counts', inputs: [], tiles: [{ id: 'counts', notebook: id, cell: 'counts', kind: 'table', title: 'Counts', x: 0, y: 0, w: 4, h: 2 }] }))
    expect(board.status).toBe(201)
    const { id: boardId } = await board.json()
    expect((await as('analyst', `/api/boards/${boardId}/publish`, { method: 'POST' })).status).toBe(201)
    expect(await (await as('manager', `/api/boards/${boardId}`)).json()).toMatchObject({ view: 'published', version: 1, title: 'Counts' })
    expect(await count(`board_versions WHERE board_id = ${Number(boardId)}`)).toBe(1)
  })

  it('saves an alert rule and fires it from the replayed sensor readings', async () => {
    const always = { name: 'replayed readings on PostgreSQL', kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity: 'info' }
    const created = await as('engineer', '/api/alerts/rules', json('POST', always))
    expect(created.status).toBe(201)
    const rule = await created.json()
    const saved = await as('engineer', `/api/alerts/rules/${rule.id}`, json('PUT', { rule: { ...always, value: -999 }, baseVersion: 1 }))
    expect((await saved.json()).version).toBe(2)
    let firing: unknown[] = []
    for (const started = Date.now(); firing.length === 0 && Date.now() - started < 60_000; await new Promise((resolve) => setTimeout(resolve, 500))) {
      const { alerts } = await (await as('manager', '/api/alerts?state=firing')).json()
      firing = alerts.filter((alert: { ruleId: number }) => alert.ruleId === rule.id)
    }
    expect(firing.length).toBeGreaterThan(0)
    expect(await count('alert_events')).toBeGreaterThan(0)
  }, 120_000)

  it('shares its state with a second instance on the same database and catalog: the session, the notebooks, the query results', async () => {
    second = await serveCockpit({ env: { COCKPIT_DATABASE_URL: databaseUrl, COCKPIT_CATALOG: join(cockpit.dataDir, 'catalog'), COCKPIT_SIMULATOR: 'false' } })
    const analyst = await cockpit.as('analyst')
    const onSecond = (path: string, init: RequestInit = {}) => fetch(`${second!.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `${analyst.cookie.name}=${analyst.cookie.value}`, origin: second!.url } })
    expect(await (await onSecond('/api/auth/me')).json()).toMatchObject({ username: analyst.username })
    const titles = (await (await onSecond('/api/notebooks')).json()).notebooks.map((n: { title: string }) => n.title)
    expect(titles).toContain('Counts on PostgreSQL')
    const [first, other] = await Promise.all([cockpit.api('/api/sql', json('POST', { sql: KPI_SQL })), onSecond('/api/sql', json('POST', { sql: KPI_SQL }))].map(async (r) => (await (await r).json()).rows))
    expect(other).toEqual(first)
  }, 180_000)
})
