/**
 * The API of a running embedded cockpit: its simulator fills the landing folder, the MES job
 * ingests it at start, and the catalog, jobs and SQL endpoints answer — and refuse bad requests
 * with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'

let cockpit: ServedCockpit

async function api(path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await cockpit.api(path, init)
  return { status: response.status, body: await response.json() }
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_PLANT_TZ: 'Europe/Berlin' } })
  // The ingestion run ends at its commit; the KPI job it triggers then runs on its own.
  for (const job of ['mes-ingest', 'kpi-rebuild']) await finished(job)
})

async function finished(job: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { body } = await api(`/api/jobs?job=${job}`)
    if (body.runs.some((run: { status: string }) => run.status !== 'running')) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the first ${job} run did not finish:\n${cockpit.output()}`)
}
afterAll(() => cockpit?.stop())

describe('the API of an embedded cockpit', () => {
  it('reports the start-up ingestion run with its counts', async () => {
    const { status, body } = await api('/api/jobs')
    expect(status).toBe(200)
    expect(body.jobs).toEqual(expect.arrayContaining([{ name: 'mes-ingest', running: false }, { name: 'plant-simulator', running: false }]))
    const run = body.runs.find((r: { job: string }) => r.job === 'mes-ingest')
    expect(run).toMatchObject({ trigger: 'start', status: 'succeeded', error: null })
    expect(run.summary.objects.ingested).toBe(28)
    expect(run.summary.objects.quarantined).toBe(1)
    expect(run.summary.rows.quarantined).toBeGreaterThan(0)
    expect(run.progress).toMatchObject({ done: 29, total: 29 })
  })

  it('lists the catalog tables and a table with its history', async () => {
    const tables = await api('/api/catalog/tables')
    const names = tables.body.tables.map((t: { name: string }) => t.name)
    expect(names).toEqual(expect.arrayContaining(['mes.orders', 'mes.machine_states', 'kpi.machine_daily', 'kpi.machine_hourly', 'quarantine.mes_rows', 'quarantine.mes_files', 'raw.orders']))
    const orders = await api('/api/catalog/tables/mes.orders')
    expect(orders.body.table).toMatchObject({ name: 'mes.orders', layer: 'mes', key: ['order_id'] })
    expect(orders.body.history.length).toBe(7)
    expect((await api('/api/catalog/tables/mes.nothing')).status).toBe(404)
  })

  it('answers SQL over the KPI tables, one row per machine and plant-local day', async () => {
    const { status, body } = await api('/api/sql', postJson({ sql: 'SELECT count(DISTINCT machine_id) AS machines, count(DISTINCT day) AS days, count(*) AS n FROM kpi.machine_daily WHERE oee IS NOT NULL' }))
    expect(status).toBe(200)
    expect(body.rows).toEqual([['4', '7', '28']])
  })

  it.each([
    [{ sql: 'DROP VIEW mes.orders' }, 400, 'not-read-only', expect.stringMatching(/^only read-only queries are allowed here: .* \(got DROP\)$/)],
    [{ sql: 'SELECT * FROM nowhere' }, 400, 'invalid-sql', expect.stringContaining('Table with name nowhere does not exist')],
    [{ sql: '' }, 400, 'bad-request', 'sql: expected a SQL query'],
    [{ query: 'SELECT 1' }, 400, 'bad-request', expect.stringContaining('sql: ')],
    [{ sql: 'SELECT 1', asOf: -1 }, 400, 'bad-request', expect.stringContaining('asOf: ')],
  ])('refuses %j', async (request, status, code, message) => {
    const response = await api('/api/sql', postJson(request))
    expect(response.status).toBe(status)
    expect(response.body.error).toMatchObject({ code, message })
  })

  it('refuses a body that is not JSON: 415 for another type, 400 for JSON that is malformed', async () => {
    const plain = await api('/api/sql', { method: 'POST', body: 'SELECT 1' })
    expect(plain).toEqual({ status: 415, body: { error: { code: 'unsupported-media-type', message: "body: expected Content-Type: application/json, not 'text/plain;charset=UTF-8'", field: 'body' } } })
    const malformed = await api('/api/sql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'SELECT 1' })
    expect(malformed).toEqual({ status: 400, body: { error: { code: 'bad-request', message: 'body: expected a JSON body { sql, params?, format?, limit?, asOf? }', field: 'body' } } })
  })

  it('starts a run on demand, which finds nothing new', async () => {
    const started = await api('/api/jobs/mes-ingest/run', { method: 'POST' })
    expect(started.status).toBe(202)
    expect(started.body.job).toBe('mes-ingest')
    for (let i = 0; i < 100; i++) {
      const { body } = await api('/api/jobs?job=mes-ingest&limit=1')
      const [latest] = body.runs
      if (latest.trigger === 'manual' && latest.status !== 'running') {
        expect(latest.summary.objects).toMatchObject({ ingested: 0, skipped: 29 })
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the manual run did not finish')
  })

  it('refuses unknown jobs and bad list queries', async () => {
    expect(await api('/api/jobs/nope/run', { method: 'POST' })).toEqual({ status: 404, body: { error: { code: 'not-found', message: "no job named 'nope'", field: 'name' } } })
    const bad = await api('/api/jobs?limit=lots')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'bad-request', field: 'limit', message: expect.stringMatching(/^limit: /) })
  })
})
