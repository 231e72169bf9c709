/**
 * The service API (/api/v1) of a running embedded cockpit, through HTTP as other systems use
 * it: the OpenAPI document and its reference page, tables with lineage and quality, rows with
 * filters and stable pages in JSON, CSV, Parquet and Arrow, the KPI resources, saved queries,
 * roles, bearer tokens (what Power BI, Excel and Grafana send), and bad requests naming the field.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { validate } from '@readme/openapi-parser'
import { tableFromIPC } from 'apache-arrow'
import { request } from 'node:http'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

/**
 * The embedded simulator writes the plant's last days before today, so the tests read days
 * counted back from today (the zone this file's cockpit runs in), never fixed dates.
 */
const PLANT_TZ = 'Europe/Berlin'
function plantDay(daysAgo: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: PLANT_TZ }).format(new Date())
  return new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10)
}
/** The UTC instant of a plant day's midnight, as the KPI tables write it (microseconds). */
function plantMidnightUtc(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`)
  const plantHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: PLANT_TZ, hour: '2-digit', hourCycle: 'h23' }).format(noon))
  return new Date(Date.parse(`${day}T00:00:00Z`) - (plantHour - 12) * 3_600_000).toISOString().replace('.000Z', '.000000Z')
}
const DAY_A = plantDay(3)
const DAY_B = plantDay(2)

let cockpit: ServedCockpit
let analyst: CockpitUser
const scratch = mkdtempSync(join(tmpdir(), 'service-api-test-'))

async function json(response: Response): Promise<{ status: number; body: any; headers: Headers }> {
  return { status: response.status, body: await response.json(), headers: response.headers }
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** The server answers 413 before reading a too-large body and then drops the connection, so such a request gets one of its own. */
function postOnOwnConnection(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, cockpit.url)
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie: `${analyst.cookie.name}=${analyst.cookie.value}`, origin: cockpit.url }
    const req = request(url, { method: 'POST', agent: false, headers }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function duckdbRows(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    await connection.run("SET TimeZone = 'UTC'")
    return (await connection.runAndReadAll(sql)).getRowObjectsJson()
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

interface JobsBody {
  jobs?: { name: string; running: boolean }[]
  runs?: { job: string; status: string }[]
}

/** The start-up MES ingestion and, where the KPIs are rebuilt as a job of their own, that rebuild. */
function startupRunsDone(body: JobsBody): boolean {
  const succeeded = (job: string): boolean => (body.runs ?? []).some((run) => run.job === job && run.status === 'succeeded')
  const kpiJob = (body.jobs ?? []).some((job) => job.name === 'kpi-rebuild')
  return succeeded('mes-ingest') && (!kpiJob || succeeded('kpi-rebuild')) && !(body.jobs ?? []).some((job) => job.running)
}

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: PLANT_TZ } })
  // The start-up ingestion fills the catalog; on a busy machine it may take a while.
  const deadline = Date.now() + 240_000
  for (;;) {
    const { body } = await json(await cockpit.api('/api/jobs'))
    if (startupRunsDone(body)) break
    if (Date.now() > deadline) throw new Error(`the first MES ingestion did not finish: ${JSON.stringify(body)}\n${cockpit.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  analyst = await cockpit.as('analyst')
}, 300_000)
afterAll(async () => {
  await cockpit?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('the OpenAPI document and the reference page', () => {
  it('serves a valid OpenAPI 3.1 document of every /api/v1 route', async () => {
    const { status, body } = await json(await fetch(`${cockpit.url}/api/v1/openapi.json`))
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    const result = await validate(structuredClone(body))
    expect(result.valid ? [] : result.errors).toEqual([])
    expect(Object.keys(body.paths).sort()).toEqual(['/kpis/machines/daily', '/kpis/machines/hourly', '/queries', '/queries/{id}', '/queries/{id}/result', '/tables', '/tables/{name}', '/tables/{name}/rows'])
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('renders the reference from this server alone (no CDN)', async () => {
    const page = await fetch(`${cockpit.url}/api/v1/docs`)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const response = await fetch(new URL(asset[1]!, `${cockpit.url}/api/v1/docs`))
      expect(response.status, asset[1]).toBe(200)
    }
    expect((await fetch(`${cockpit.url}/api/v1/docs/assets/..%2F..%2Fpackage.json`)).status).toBe(404)
  })
})

describe('tables', () => {
  it('lists the catalog tables with schema, figures, lineage and quality', async () => {
    const { status, body } = await json(await analyst.api('/api/v1/tables'))
    expect(status).toBe(200)
    const byName = new Map(body.tables.map((t: { name: string }) => [t.name, t]))
    const daily: any = byName.get('kpi.machine_daily')
    expect(daily).toMatchObject({ layer: 'kpi', timeColumn: 'period_start', machineColumn: 'machine_id', rows: '/api/v1/tables/kpi.machine_daily/rows' })
    expect(daily.storedRows).toBeGreaterThan(0)
    expect(daily.lineage.upstreamTables).toEqual(expect.arrayContaining(['mes.machine_states', 'mes.production_counts']))
    const counts: any = byName.get('mes.production_counts')
    expect(counts.key).toEqual(['machine_id', 'period_start'])
    expect(counts.lineage.byKind['local-file']).toBeGreaterThan(0)
    expect(counts.quality.pass + counts.quality.warn + counts.quality.fail).toBeGreaterThan(0)
  })

  it('shows one table with its recent lineage and latest quality checks, and 404 for an unknown one', async () => {
    const { status, body } = await json(await analyst.api('/api/v1/tables/mes.production_counts'))
    expect(status).toBe(200)
    expect(body.recentLineage[0]).toMatchObject({ sourceKind: 'local-file' })
    expect(body.latestQuality.map((q: { check: string }) => q.check)).toContain('rows_quarantined')
    const missing = await json(await analyst.api('/api/v1/tables/mes.nothing'))
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } })
    expect((await analyst.api('/api/v1/tables/mes.nothing/rows')).status).toBe(404)
  })

  it('pages through a table without overlap or gap, all pages on one snapshot', async () => {
    const all = await json(await analyst.api('/api/v1/tables/mes.machine_states/rows?limit=100000'))
    expect(all.body.truncated).toBe(false)
    const total = all.body.rows.length
    expect(total).toBeGreaterThan(250)
    const seen: unknown[] = []
    let next: string | null = '/api/v1/tables/mes.machine_states/rows?limit=100'
    const snapshots = new Set<number>()
    while (next !== null) {
      const page = await json(await analyst.api(next))
      expect(page.status).toBe(200)
      seen.push(...page.body.rows)
      snapshots.add(page.body.snapshot)
      expect(page.headers.get('x-truncated')).toBe(String(page.body.next !== null))
      next = page.body.next
    }
    expect(snapshots.size).toBe(1)
    expect(seen).toEqual(all.body.rows)
  })

  it('filters on the time column and the machine', async () => {
    const { body } = await json(await analyst.api(`/api/v1/tables/mes.production_counts/rows?machine=M02&from=${DAY_A}T00:00:00Z&to=${DAY_B}T00:00:00Z&limit=100000`))
    const { body: everything } = await json(await analyst.api('/api/v1/tables/mes.production_counts/rows?limit=100000'))
    const expected = everything.rows.filter((row: any) => row.machine_id === 'M02' && row.period_start >= `${DAY_A}T00:00:00` && row.period_start < `${DAY_B}T00:00:00`)
    expect(expected.length).toBeGreaterThan(0)
    expect(body.rows).toEqual(expected)
    expect(typeof body.rows[0].good_count).toBe('number')
    expect(body.rows[0].period_start).toMatch(new RegExp(`^${DAY_A}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z$`))
  })

  it('exports CSV with a header row, Parquet that DuckDB reads, and Arrow that apache-arrow reads — the same rows', async () => {
    const { body } = await json(await analyst.api('/api/v1/tables/mes.orders/rows?limit=100000'))
    const csv = await analyst.api('/api/v1/tables/mes.orders/rows?format=csv&limit=100000')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = (await csv.text()).trimEnd().split('\n')
    expect(lines[0]).toBe('order_id,product_id,machine_id,planned_qty,ideal_cycle_time_s,planned_start,planned_end')
    expect(lines.length - 1).toBe(body.rows.length)

    const parquet = await analyst.api('/api/v1/tables/mes.orders/rows?format=parquet&limit=100000')
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet')
    const file = join(scratch, 'orders.parquet')
    writeFileSync(file, Buffer.from(await parquet.arrayBuffer()))
    const fromParquet = await duckdbRows(`SELECT order_id, planned_qty FROM read_parquet('${file}')`)
    expect(fromParquet).toEqual(body.rows.map((row: any) => ({ order_id: row.order_id, planned_qty: row.planned_qty === null ? null : String(row.planned_qty) })))

    const arrow = await analyst.api('/api/v1/tables/mes.orders/rows?format=arrow&limit=100000')
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream')
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()))
    expect(table.numRows).toBe(body.rows.length)
    expect(table.getChild('order_id')?.toArray()).toEqual(body.rows.map((row: any) => row.order_id))
  })

  it('reads raw tables, whose files are the source objects as they came, in every format', async () => {
    const { status, body } = await json(await analyst.api('/api/v1/tables/raw.production_counts/rows?limit=5'))
    expect(status).toBe(200)
    expect(body.rows.length).toBe(5)
    expect(body.columns.map((c: { name: string }) => c.name)).toContain('_source')
    for (const format of ['csv', 'parquet', 'arrow']) expect((await analyst.api(`/api/v1/tables/raw.production_counts/rows?limit=5&format=${format}`)).status).toBe(200)
    const filtered = await json(await analyst.api(`/api/v1/tables/raw.production_counts/rows?from=${DAY_A}T00:00:00Z`))
    expect(filtered).toMatchObject({ status: 400, body: { error: { field: 'from' } } })
  })

  it('says when a page is truncated, in every format, and leaves no export file behind', async () => {
    for (const format of ['csv', 'parquet', 'arrow']) {
      const response = await analyst.api(`/api/v1/tables/mes.orders/rows?format=${format}&limit=5`)
      expect(response.headers.get('x-truncated')).toBe('true')
      expect(response.headers.get('x-row-count')).toBe('5')
      expect(response.headers.get('link')).toMatch(/^<\/api\/v1\/tables\/mes\.orders\/rows\?.*cursor=[\w-]+>; rel="next"$/)
      await response.arrayBuffer()
    }
    expect(readdirSync(join(cockpit.dataDir, 'tmp', 'api-exports'))).toEqual([])
  })

  it.each([
    ['/api/v1/tables/mes.orders/rows?from=yesterday', 'from'],
    ['/api/v1/tables/mes.orders/rows?limit=0', 'limit'],
    ['/api/v1/tables/mes.orders/rows?limit=100001', 'limit'],
    ['/api/v1/tables/mes.orders/rows?format=xlsx', 'format'],
    ['/api/v1/tables/mes.orders/rows?cursor=not-a-cursor', 'cursor'],
    ['/api/v1/tables/quarantine.mes_files/rows?machine=M01', 'machine'],
    [`/api/v1/tables/mes.orders/rows?from=${DAY_B}T00:00:00Z&to=${DAY_A}T00:00:00Z`, 'to'],
  ])('answers 400 naming the field for %s', async (path, field) => {
    const { status, body } = await json(await analyst.api(path))
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'bad-request', field })
    expect(JSON.stringify(body)).not.toMatch(/at \S+ \(|node_modules/)
  })
})

describe('KPIs', () => {
  it('answers daily KPIs per machine and plant-local day, inclusive of both ends', async () => {
    const { status, body } = await json(await analyst.api(`/api/v1/kpis/machines/daily?from=${DAY_A}&to=${DAY_B}`))
    expect(status).toBe(200)
    expect(body.rows.length).toBe(8)
    expect(new Set(body.rows.map((row: any) => row.day))).toEqual(new Set([DAY_A, DAY_B]))
    expect(body.rows[0]).toMatchObject({ machine_id: 'M01', day: DAY_A, period_start: plantMidnightUtc(DAY_A) })
    expect(typeof body.rows[0].oee).toBe('number')
    const one = await json(await analyst.api(`/api/v1/kpis/machines/hourly?from=${DAY_A}&to=${DAY_A}&machine=M03&limit=1000`))
    expect(one.body.rows.length).toBe(24)
    expect(one.body.rows.every((row: any) => row.machine_id === 'M03')).toBe(true)
  })

  it('answers the last 7 plant-local days, today included, when asked for no range', async () => {
    const today = plantDay(0)
    const first = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10)
    for (const grain of ['daily', 'hourly']) {
      const { status, body } = await json(await analyst.api(`/api/v1/kpis/machines/${grain}?limit=10000`))
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body.rows.length).toBeGreaterThan(0)
      expect(body.rows.every((row: any) => row.day >= first && row.day <= today)).toBe(true)
    }
    // Only `to`: the 7 days ending there, so the simulated day before the default window shows too.
    const before = await json(await analyst.api(`/api/v1/kpis/machines/daily?to=${first}`))
    expect(new Set(before.body.rows.map((row: any) => row.day)).size).toBeGreaterThan(1)
  })

  it.each([
    ['from=2026-11-21&to=2026-11-20', 'to', 'must not be before from'],
    ['from=2099-01-01', 'to', 'must not be before from'],
    ['from=2026-02-30&to=2026-03-01', 'from', ''],
    ['from=2025-01-01&to=2026-11-20', 'to', 'at most 366 days'],
  ])('refuses %s naming the field', async (query, field, message) => {
    const { status, body } = await json(await analyst.api(`/api/v1/kpis/machines/daily?${query}`))
    expect(status).toBe(400)
    expect(body.error.field).toBe(field)
    expect(body.error.message).toContain(message)
  })

  it('refuses hourly ranges over a month', async () => {
    const { status, body } = await json(await analyst.api('/api/v1/kpis/machines/hourly?from=2026-10-01&to=2026-11-20'))
    expect(status).toBe(400)
    expect(body.error.message).toContain('at most 31 days')
  })
})

describe('roles and bearer tokens', () => {
  it('lets managers read KPIs but not tables or saved queries, and nobody without a login', async () => {
    const manager = await cockpit.as('manager')
    expect((await manager.api(`/api/v1/kpis/machines/daily?from=${DAY_A}&to=${DAY_A}`)).status).toBe(200)
    expect((await manager.api('/api/v1/tables')).status).toBe(403)
    expect((await manager.api('/api/v1/queries')).status).toBe(403)
    expect((await fetch(`${cockpit.url}/api/v1/kpis/machines/daily?from=${DAY_A}&to=${DAY_A}`)).status).toBe(401)
    expect((await fetch(`${cockpit.url}/api/v1/tables`)).status).toBe(401)
  })

  it('serves the CSV and JSON that Power BI, Excel and Grafana read with an Authorization: Bearer token', async () => {
    const created = await json(await analyst.api('/api/tokens', postJson({ name: 'power-bi', role: 'analyst' })))
    expect(created.status).toBe(201)
    const bearer = { authorization: `Bearer ${created.body.token}` }
    const csv = await fetch(`${cockpit.url}/api/v1/kpis/machines/daily?from=${DAY_A}&to=${DAY_B}&format=csv`, { headers: bearer })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const [header, ...rows] = (await csv.text()).trimEnd().split('\n')
    expect(header?.split(',').slice(0, 4)).toEqual(['machine_id', 'period_start', 'period_end', 'day'])
    expect(rows.length).toBe(8)
    const grafana = await json(await fetch(`${cockpit.url}/api/v1/tables/kpi.machine_hourly/rows?machine=M01&from=${DAY_A}T00:00:00Z&to=${DAY_A}T06:00:00Z`, { headers: bearer }))
    expect(grafana.status).toBe(200)
    expect(Array.isArray(grafana.body.rows)).toBe(true)
    expect(grafana.body.rows.length).toBe(6)
    expect((await fetch(`${cockpit.url}/api/v1/tables`, { headers: { authorization: 'Bearer nope.nope' } })).status).toBe(401)
  })
})

describe('saved queries', () => {
  const oee = { name: 'OEE by machine', sql: 'SELECT machine_id, avg(oee) AS oee, count(*) AS days FROM kpi.machine_daily GROUP BY machine_id ORDER BY machine_id', description: 'weekly meeting' }

  it('saves a read-only query, lists it and pages its result in JSON, CSV and Arrow', async () => {
    const created = await json(await analyst.api('/api/v1/queries', postJson(oee)))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: oee.name, createdBy: analyst.username, columns: [{ name: 'machine_id', type: 'VARCHAR' }, { name: 'oee', type: 'DOUBLE' }, { name: 'days', type: 'BIGINT' }] })
    const id = created.body.id
    const list = await json(await analyst.api('/api/v1/queries'))
    expect(list.body.queries.map((q: { id: number }) => q.id)).toContain(id)

    const first = await json(await analyst.api(`/api/v1/queries/${id}/result?limit=3`))
    expect(first.body.rows.map((row: any) => row.machine_id)).toEqual(['M01', 'M02', 'M03'])
    expect(first.body.rows[0].days).toBe(7)
    expect(first.body.truncated).toBe(true)
    const second = await json(await analyst.api(first.body.next))
    expect(second.body.rows.map((row: any) => row.machine_id)).toEqual(['M04'])
    expect(second.body.next).toBeNull()

    const csv = await analyst.api(`/api/v1/queries/${id}/result?format=csv`)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect((await csv.text()).split(/\r?\n/)[0]).toBe('machine_id,oee,days')
    const arrow = tableFromIPC(new Uint8Array(await (await analyst.api(`/api/v1/queries/${id}/result?format=arrow`)).arrayBuffer()))
    expect(arrow.numRows).toBe(4)
  })

  it.each([
    [{ name: 'writes', sql: 'DELETE FROM kpi.machine_daily' }, 'sql', 'not-read-only'],
    [{ name: 'unknown table', sql: 'SELECT * FROM nowhere' }, 'sql', 'invalid-sql'],
    [{ name: 'reads files', sql: "SELECT * FROM read_csv('/etc/passwd')" }, 'sql', undefined],
    [{ name: 'no sql' }, 'sql', 'bad-request'],
    [{ name: '', sql: 'SELECT 1' }, 'name', 'bad-request'],
    [{ name: 'extra', sql: 'SELECT 1', owner: 'me' }, 'body', 'bad-request'],
  ])('refuses %j naming the field', async (body, field, code) => {
    const { status, body: answer } = await json(await analyst.api('/api/v1/queries', postJson(body)))
    expect(status).toBe(400)
    expect(answer.error.field ?? 'body').toBe(field)
    if (code !== undefined) expect(answer.error.code).toBe(code)
  })

  it('refuses a second query of the same name, a body over the limit, and malformed JSON', async () => {
    await analyst.api('/api/v1/queries', postJson({ name: 'twice', sql: 'SELECT 1 AS one' }))
    expect((await json(await analyst.api('/api/v1/queries', postJson({ name: 'twice', sql: 'SELECT 2 AS two' })))).body.error).toMatchObject({ code: 'conflict', field: 'name' })
    expect(await postOnOwnConnection('/api/v1/queries', JSON.stringify({ name: 'huge', sql: `SELECT '${'x'.repeat(1_100_000)}'` }))).toBe(413)
    const malformed = await json(await analyst.api('/api/v1/queries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }))
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'bad-request', field: 'body' } } })
  })

  it('lets only its author or an admin delete a saved query', async () => {
    const { body } = await json(await analyst.api('/api/v1/queries', postJson({ name: 'mine', sql: 'SELECT 1 AS one' })))
    const engineer = await cockpit.as('engineer')
    expect((await engineer.api(`/api/v1/queries/${body.id}`, { method: 'DELETE' })).status).toBe(403)
    expect((await analyst.api(`/api/v1/queries/${body.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await analyst.api(`/api/v1/queries/${body.id}`)).status).toBe(404)
    expect((await json(await analyst.api('/api/v1/queries/abc'))).body.error).toMatchObject({ field: 'id' })
  })
})
