/**
 * Boards on a real `cockpit` process (issue 14): drafts saved on a base revision (a stale base is
 * a conflict naming who saved, writing nothing), publish, versions and restore; managers see
 * published versions only and edit nothing; tiles run on the server over the published cells
 * as JSON, CSV (header, ISO timestamps) and Parquet, as of an earlier snapshot, with what they
 * read and the quarantined rows; 50 concurrent viewers cost one run; a catalog commit is a
 * `catalog` event; kiosk links open their boards' published tiles and nothing else, and stop
 * when revoked or expired; an alerts tile lists its rule's alerts, signed in and through a kiosk
 * link, whose alert stream carries only what the tile shows; the seeded Plant overview board. The catalog is filled by
 * `cockpit ingest` on the server's data dir, as an operator would. Every answer is checked
 * against /api/openapi.json by the harness.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessRules } from '../../server/auth/access-rules.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'
import { runCockpit, serveCockpit, type Role, type ServedCockpit } from '../harness/cockpit.ts'
import { listenSse } from '../harness/sse-events.ts'

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-boards-'))
let cockpit: ServedCockpit
let notebookId: number

const NOTEBOOK = [
  '# Counts',
  '',
  'Good parts: ${total}.',
  '',
  '```input period',
  '{"type": "date-range", "default": {"from": "2026-11-01", "to": "2026-11-30"}}',
  '```',
  '```sql counts',
  'select count(*) as periods, sum(good_count) as good, min(period_start) as first_start',
  'from mes.production_counts',
  'where period_start >= cast($period_from as date) and period_start < cast($period_to as date) + 1',
  '```',
  '```sql total',
  'select good from counts',
  '```',
  '```plot chart',
  '{"data": "counts", "marks": [{"type": "dot", "x": "first_start", "y": "good"}]}',
  '```',
  '```live temps',
  '{"spanMinutes": 10}',
  '```',
  '',
].join('\n')

const tile = (id: string, cell: string, kind: string, x = 0) => ({ id, notebook: notebookId, cell, kind, title: id, x, y: 0, w: 3, h: 2 })
const boardBody = () => ({
  title: 'Counts board',
  inputs: [{ kind: 'time-range', name: 'period', default: 'last-7-days' }],
  tiles: [tile('counts', 'counts', 'table'), { ...tile('good', 'counts', 'stat', 3), stat: { value: 'good', unit: 'parts' } }, tile('chart', 'chart', 'chart', 6), tile('text', 'markdown-0', 'markdown', 9), tile('temps', 'temps', 'live')],
})

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const as = async (role: Role, path: string, init?: RequestInit): Promise<Response> => (await cockpit.as(role)).api(path, init)
const PERIOD = 'period=2026-11-24..2026-11-25'

async function ingest(landing: string): Promise<void> {
  const run = runCockpit(['ingest', 'mes', landing, '--data-dir', cockpit.dataDir])
  expect(await run.exited, run.output()).toBe(0)
}

function writeMoreCounts(landing: string): void {
  mkdirSync(join(landing, 'production_counts'), { recursive: true })
  writeFileSync(
    join(landing, 'production_counts', '2026-11-25.json'),
    JSON.stringify([{ machine_id: 'M01', order_id: 'O1', product_id: 'P-100', period_start: '2026-11-25T08:00:00Z', period_end: '2026-11-25T09:00:00Z', good_count: 40, scrap_count: 0 }]),
  )
}

async function metric(name: string): Promise<number> {
  const text = await (await cockpit.api('/api/metrics')).text()
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN)
}

beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
  await writeDirtyDumps(join(scratch, 'first'))
  await ingest(join(scratch, 'first'))
  const created = await as('analyst', '/api/notebooks', json('POST', { text: NOTEBOOK }))
  expect(created.status).toBe(201)
  notebookId = (await created.json()).id
}, 180_000)
afterAll(() => {
  cockpit?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('board drafts', () => {
  it('creates, reads, saves on a base revision and refuses a stale base naming who saved', async () => {
    const created = await as('analyst', '/api/boards', json('POST', boardBody()))
    expect(created.status).toBe(201)
    const board = await created.json()
    expect(board).toMatchObject({ title: 'Counts board', owner: 'analyst', revision: 1, view: 'draft', version: null, published: null })
    expect(board.tiles).toHaveLength(5)

    const saved = await as('engineer', `/api/boards/${board.id}`, json('PUT', { ...boardBody(), title: 'Counts', baseRevision: 1 }))
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ title: 'Counts', revision: 2, updatedBy: 'engineer', owner: 'analyst' })

    const stale = await as('analyst', `/api/boards/${board.id}`, json('PUT', { ...boardBody(), title: 'Mine', baseRevision: 1 }))
    expect(stale.status).toBe(409)
    const error = (await stale.json()).error
    expect(error).toMatchObject({ code: 'conflict', field: 'baseRevision' })
    expect(error.message).toContain('revision 2')
    expect(error.message).toContain('engineer')
    expect(await (await as('analyst', `/api/boards/${board.id}`)).json()).toMatchObject({ title: 'Counts', revision: 2 })
  })

  it('refuses tiles that name no cell, or a cell of the wrong kind, by field', async () => {
    const missing = await as('analyst', '/api/boards', json('POST', { ...boardBody(), tiles: [tile('x', 'nope', 'table')] }))
    expect(missing.status).toBe(400)
    expect((await missing.json()).error).toMatchObject({ field: 'tiles.0.cell' })
    const wrongKind = await as('analyst', '/api/boards', json('POST', { ...boardBody(), tiles: [tile('x', 'chart', 'table')] }))
    expect((await wrongKind.json()).error.message).toContain('a table tile shows a sql cell')
    const offGrid = await as('analyst', '/api/boards', json('POST', { ...boardBody(), tiles: [{ ...tile('x', 'counts', 'table'), x: 10 }] }))
    expect(offGrid.status).toBe(400)
  })

  it('deletes a board for its owner or an admin only', async () => {
    const { id } = await (await as('analyst', '/api/boards', json('POST', { title: 'Scratch' }))).json()
    expect((await as('engineer', `/api/boards/${id}`, { method: 'DELETE' })).status).toBe(403)
    expect((await as('manager', `/api/boards/${id}`, { method: 'DELETE' })).status).toBe(403)
    expect((await as('analyst', `/api/boards/${id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await as('analyst', `/api/boards/${id}`)).status).toBe(404)
  })
})

describe('publishing', () => {
  it('freezes versions: managers see the published one only, later edits and notebook changes stay in the draft, restore brings a version back', async () => {
    const { id } = await (await as('analyst', '/api/boards', json('POST', boardBody()))).json()
    expect((await as('manager', `/api/boards/${id}`)).status).toBe(404)
    expect((await (await as('manager', '/api/boards')).json()).boards.some((b: { id: number }) => b.id === id)).toBe(false)

    const published = await as('analyst', `/api/boards/${id}/publish`, { method: 'POST' })
    expect(published.status).toBe(201)
    expect(await published.json()).toMatchObject({ version: 1, publishedBy: 'analyst' })
    expect((await as('manager', `/api/boards/${id}/publish`, { method: 'POST' })).status).toBe(403)
    expect((await as('manager', `/api/boards/${id}`, json('PUT', { ...boardBody(), baseRevision: 1 }))).status).toBe(403)

    await as('analyst', `/api/boards/${id}`, json('PUT', { ...boardBody(), title: 'Counts, edited', baseRevision: 1 }))
    const seen = await (await as('manager', `/api/boards/${id}`)).json()
    expect(seen).toMatchObject({ view: 'published', version: 1, title: 'Counts board' })
    const listed = (await (await as('manager', '/api/boards')).json()).boards.find((b: { id: number }) => b.id === id)
    expect(listed).toMatchObject({ title: 'Counts board', published: { version: 1 } })
    expect((await as('manager', `/api/boards/${id}/tiles/counts/data?draft=true`)).status).toBe(403)

    // The notebook changes after publishing: the published tile still runs the frozen cell.
    const notebook = await (await as('analyst', `/api/notebooks/${notebookId}`)).json()
    const changed = NOTEBOOK.replace('select good from counts', "select 'changed' as good")
    expect((await as('analyst', `/api/notebooks/${notebookId}`, json('PUT', { text: changed, baseVersion: notebook.version }))).status).toBe(200)
    const frozen = await (await as('manager', `/api/boards/${id}/tiles/text/data?${PERIOD}`)).json()
    expect(frozen.markdown).toContain('Good parts: 210.')
    const draft = await (await as('analyst', `/api/boards/${id}/tiles/text/data?${PERIOD}&draft=true`)).json()
    expect(draft.markdown).toContain('Good parts: changed.')
    await as('analyst', `/api/notebooks/${notebookId}`, json('PUT', { text: NOTEBOOK, baseVersion: notebook.version + 1 }))

    await as('analyst', `/api/boards/${id}/publish`, { method: 'POST' })
    const versions = (await (await as('manager', `/api/boards/${id}/versions`)).json()).versions
    expect(versions.map((v: { version: number; title: string }) => [v.version, v.title])).toEqual([
      [2, 'Counts, edited'],
      [1, 'Counts board'],
    ])
    expect(await (await as('manager', `/api/boards/${id}?version=1`)).json()).toMatchObject({ version: 1, title: 'Counts board' })
    const restored = await as('engineer', `/api/boards/${id}/versions/1/restore`, { method: 'POST' })
    expect(restored.status).toBe(200)
    expect(await restored.json()).toMatchObject({ view: 'draft', title: 'Counts board', revision: 3 })
    expect((await as('manager', `/api/boards/${id}/versions/1/restore`, { method: 'POST' })).status).toBe(403)

    const audit = (await (await cockpit.api(`/api/admin/audit?limit=100`)).json()).entries.filter((entry: { target: string | null }) => entry.target === `board ${id}`)
    expect(audit.map((entry: { action: string; actor: string }) => `${entry.action} ${entry.actor}`).reverse()).toEqual(['board.create analyst', 'board.publish analyst', 'board.save analyst', 'board.publish analyst', 'board.restore engineer'])
  })
})

describe('tile data', () => {
  let boardId: number
  beforeAll(async () => {
    boardId = (await (await as('analyst', '/api/boards', json('POST', boardBody()))).json()).id
    await as('analyst', `/api/boards/${boardId}/publish`, { method: 'POST' })
  })

  it('answers JSON with rows, what was read, the snapshot and the quarantined rows', async () => {
    const response = await as('manager', `/api/boards/${boardId}/tiles/counts/data?${PERIOD}`)
    expect(response.status).toBe(200)
    const data = await response.json()
    expect(data).toMatchObject({ board: boardId, version: 1, tile: 'counts', kind: 'table', status: 'ok', tables: ['mes.production_counts'], asOf: false, inputs: { period: { from: '2026-11-24', to: '2026-11-25' } } })
    expect(data.rows).toEqual([['2', '210', '2026-11-24 08:00:00+00']])
    expect(data.snapshot).toBeGreaterThan(0)
    expect(Date.parse(data.computedAt)).not.toBeNaN()
    expect(Date.parse(data.sourceUpdatedAt)).not.toBeNaN()
    // The dirty dumps' production counts: a negative count and an unreadable timestamp.
    expect(data.quality).toEqual({ quarantinedRows: 2, tables: [{ table: 'mes.production_counts', quarantinedRows: 2 }] })
    const chart = await (await as('manager', `/api/boards/${boardId}/tiles/chart/data?${PERIOD}`)).json()
    expect(chart).toMatchObject({ status: 'ok', spec: { data: 'counts' }, rows: data.rows })
    const live = await (await as('manager', `/api/boards/${boardId}/tiles/temps/data`)).json()
    expect(live).toMatchObject({ status: 'ok', kind: 'live', spec: { spanMinutes: 10 } })
    // Only the inputs a tile's statement binds: the live tile reads none, so the period does not re-run it.
    expect(live.inputs).toEqual({})
    expect((await as('manager', `/api/boards/${boardId}/tiles/nope/data`)).status).toBe(404)
    expect((await as('manager', `/api/boards/${boardId}/tiles/counts/data?period=next-week`)).status).toBe(400)
  })

  it('answers CSV with a header row and ISO timestamps, and Parquet DuckDB reads back', async () => {
    const csv = await as('manager', `/api/boards/${boardId}/tiles/counts/data?${PERIOD}&format=csv`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(await csv.text()).toBe('periods,good,first_start\r\n2,210,2026-11-24T08:00:00Z\r\n')

    const parquet = await as('manager', `/api/boards/${boardId}/tiles/counts/data?${PERIOD}&format=parquet`)
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet')
    const file = join(scratch, 'tile.parquet')
    writeFileSync(file, Buffer.from(await parquet.arrayBuffer()))
    const duck = await (await DuckDBInstance.create(':memory:')).connect()
    // sum() of BIGINT is HUGEINT, which Parquet holds as a double.
    const rows = (await duck.runAndReadAll(`select periods, good::bigint as good, epoch_ms(first_start) as at from '${file}'`)).getRows()
    expect(rows).toEqual([[2n, 210n, BigInt(Date.parse('2026-11-24T08:00:00Z'))]])
    duck.closeSync()
  })

  it('shares one run between 50 concurrent viewers, and shows earlier numbers as of an earlier snapshot', async () => {
    const before = await metric('cockpit_board_tile_runs_total')
    // A range nobody asked for yet: a fresh cache key.
    const fresh = 'period=2026-11-20..2026-11-26'
    const answers = await Promise.all(Array.from({ length: 50 }, async () => (await as('manager', `/api/boards/${boardId}/tiles/counts/data?${fresh}`)).json()))
    expect(answers.every((answer) => answer.rows[0][1] === '210')).toBe(true)
    expect(await metric('cockpit_board_tile_runs_total')).toBe(before + 1)
    expect(answers.filter((answer) => !answer.cached)).toHaveLength(1)

    const earlier = answers[0].snapshot
    const events = await listenSse(await (await cockpit.as('manager')).api('/api/stream/catalog'))
    writeMoreCounts(join(scratch, 'second'))
    await ingest(join(scratch, 'second'))
    await expect.poll(() => events.events.find((event) => event.event === 'catalog' && event.data.tables.includes('mes.production_counts')), { timeout: 5000 }).toBeTruthy()
    await events.close()

    const now = await (await as('manager', `/api/boards/${boardId}/tiles/counts/data?${fresh}`)).json()
    expect(now.rows[0][1]).toBe('250')
    expect(now.snapshot).toBeGreaterThan(earlier)
    const then = await (await as('manager', `/api/boards/${boardId}/tiles/counts/data?${fresh}&asOf=${earlier}`)).json()
    expect(then).toMatchObject({ asOf: true, snapshot: earlier })
    expect(then.rows[0][1]).toBe('210')
    const future = await as('manager', `/api/boards/${boardId}/tiles/counts/data?${fresh}&asOf=999999`)
    expect(future.status).toBe(404)
    expect((await future.json()).error).toMatchObject({ code: 'not-found', field: 'asOf' })
  })
})

describe('kiosk links', () => {
  let boardId: number
  let otherId: number
  beforeAll(async () => {
    boardId = (await (await as('analyst', '/api/boards', json('POST', boardBody()))).json()).id
    otherId = (await (await as('analyst', '/api/boards', json('POST', boardBody()))).json()).id
    for (const id of [boardId, otherId]) await as('analyst', `/api/boards/${id}/publish`, { method: 'POST' })
  })
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

  it('are made by admins for published boards only', async () => {
    expect((await as('analyst', '/api/kiosk-links', json('POST', { boards: [boardId], expiresAt: inAnHour() }))).status).toBe(403)
    const draft = (await (await as('analyst', '/api/boards', json('POST', { title: 'Draft only' }))).json()).id
    const refused = await cockpit.api('/api/kiosk-links', json('POST', { boards: [draft], expiresAt: inAnHour() }))
    expect((await refused.json()).error).toMatchObject({ code: 'bad-request', field: 'boards.0' })
    expect((await cockpit.api('/api/kiosk-links', json('POST', { boards: [boardId], expiresAt: '2020-01-01T00:00:00Z' }))).status).toBe(400)
  })

  it('open their boards’ published tiles without a login, and no other route', async () => {
    const created = await cockpit.api('/api/kiosk-links', json('POST', { name: 'Hall 2', boards: [boardId], expiresAt: inAnHour() }))
    expect(created.status).toBe(201)
    const link = await created.json()
    const token = link.url.split('/kiosk/')[1]
    expect(token).toMatch(/^[a-z2-9]{26}\.[a-z2-9]{26}$/)
    expect(JSON.stringify(await (await cockpit.api('/api/kiosk-links')).json())).not.toContain(token.split('.')[1])

    const view = await fetch(`${cockpit.url}/api/kiosk/${token}`)
    expect(view.status).toBe(200)
    expect(view.headers.get('cache-control')).toBe('no-store')
    expect(await view.json()).toMatchObject({ name: 'Hall 2', boards: [{ id: boardId, view: 'published', version: 1 }] })
    const data = await fetch(`${cockpit.url}/api/kiosk/${token}/boards/${boardId}/tiles/counts/data?format=json`)
    expect(await data.json()).toMatchObject({ status: 'ok', tile: 'counts' })
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}/boards/${otherId}/tiles/counts/data`)).status).toBe(404)
    for (const stream of ['catalog', 'sensors']) {
      const events = await listenSse(await fetch(`${cockpit.url}/api/kiosk/${token}/${stream}`))
      await expect.poll(() => events.events[0]?.event, { timeout: 5000 }).toBe('hello')
      await events.close()
    }

    // As a bearer token or a session cookie, on every other route: refused.
    for (const rule of accessRules.filter((candidate) => candidate.access !== 'public')) {
      const path = rule.path.replace(/:[A-Za-z]+/g, String(boardId))
      for (const headers of [{ authorization: `Bearer ${token}` }, { cookie: `cockpit_session=${token}` }] as Record<string, string>[]) {
        const response = await fetch(`${cockpit.url}${path}`, { method: rule.method, headers: { ...headers, origin: cockpit.url, 'content-type': 'application/json' }, ...(rule.method === 'GET' ? {} : { body: '{}' }) })
        await response.body?.cancel()
        // 401, or refused even earlier by the body gate (the Markdown import takes no JSON).
        expect([401, 415], `${rule.method} ${path}`).toContain(response.status)
      }
    }

    expect((await cockpit.api(`/api/kiosk-links/${link.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}`)).status).toBe(404)
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}/boards/${boardId}/tiles/counts/data`)).status).toBe(404)
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}/sensors`)).status).toBe(404)
  })

  it('show an alerts tile’s alerts, and send the screen no alert its tiles do not list', async () => {
    // Every replayed reading is above -1000 °C: both rules fire on the first reading of each sensor.
    const rule = (name: string, severity: string) => ({ name, kind: 'threshold', source: 'sensors.readings', field: 'temperature_c', op: '>', value: -1000, for: '0s', severity })
    const shown = await (await as('engineer', '/api/alerts/rules', json('POST', rule('kiosk shown', 'critical')))).json()
    const hidden = await (await as('engineer', '/api/alerts/rules', json('POST', rule('kiosk hidden', 'info')))).json()
    const alertsTile = { id: 'alerts', kind: 'alerts', title: 'Alerts', x: 3, y: 0, w: 4, h: 3, alerts: { rule: shown.id } }
    const board = (await (await as('analyst', '/api/boards', json('POST', { title: 'Alerts board', tiles: [tile('counts', 'counts', 'table'), alertsTile] }))).json()).id
    expect((await as('analyst', `/api/boards/${board}/publish`, { method: 'POST' })).status).toBe(201)
    const link = await (await cockpit.api('/api/kiosk-links', json('POST', { boards: [board], expiresAt: inAnHour() }))).json()
    const kiosk = `${cockpit.url}/api/kiosk/${link.url.split('/kiosk/')[1]}`
    type Listed = { alerts: { id: number; ruleId: number; acknowledged: { by: string } | null }[] }
    const firing = async (ruleId: number) => ((await (await as('manager', `/api/alerts?state=firing&ruleId=${ruleId}`)).json()) as Listed).alerts
    await expect.poll(async () => (await firing(shown.id)).length > 0 && (await firing(hidden.id)).length > 0, { timeout: 60_000, interval: 500 }).toBe(true)

    const listed = (await (await fetch(`${kiosk}/boards/${board}/tiles/alerts/alerts`)).json()) as Listed
    expect(listed.alerts.length).toBeGreaterThan(0)
    expect(new Set(listed.alerts.map((alert) => alert.ruleId))).toEqual(new Set([shown.id]))
    const signedIn = (await (await as('manager', `/api/boards/${board}/tiles/alerts/alerts`)).json()) as Listed
    expect(signedIn.alerts.map((alert) => alert.id)).toEqual(listed.alerts.map((alert) => alert.id))

    // The firings its charts shade: the shown rule's only, though the alerts API answers both.
    type Spans = { firings: { ruleId: number }[]; truncated: boolean }
    const range = new URLSearchParams({ from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 86_400_000).toISOString() })
    const shaded = (await (await fetch(`${kiosk}/firings?${range}`)).json()) as Spans
    expect(shaded.firings.length).toBeGreaterThan(0)
    expect(new Set(shaded.firings.map((span) => span.ruleId))).toEqual(new Set([shown.id]))
    const everyFiring = (await (await as('manager', `/api/alerts/firings?${range}`)).json()) as Spans
    expect(everyFiring.firings.some((span) => span.ruleId === hidden.id)).toBe(true)
    expect(await (await fetch(`${kiosk}/firings?${range}&machine_id=no-such-machine`)).json()).toEqual({ firings: [], truncated: false })
    const badRange = await fetch(`${kiosk}/firings?from=yesterday&to=${range.get('to')}`)
    expect(badRange.status).toBe(400)
    expect((await badRange.json()).error).toMatchObject({ code: 'bad-request', field: 'from' })
    // A link whose boards have no alerts tile shades nothing.
    const plain = await (await cockpit.api('/api/kiosk-links', json('POST', { boards: [boardId], expiresAt: inAnHour() }))).json()
    expect(await (await fetch(`${cockpit.url}/api/kiosk/${plain.url.split('/kiosk/')[1]}/firings?${range}`)).json()).toEqual({ firings: [], truncated: false })
    expect((await cockpit.api(`/api/kiosk-links/${plain.id}`, { method: 'DELETE' })).status).toBe(204)

    const events = await listenSse(await fetch(`${kiosk}/alerts`))
    await expect.poll(() => events.events[0]?.event, { timeout: 5000 }).toBe('hello')
    expect(new Set((events.events[0]!.data as Listed).alerts.map((alert) => alert.ruleId))).toEqual(new Set([shown.id]))
    // Acknowledged in this order, told in this order: the hidden one is never sent.
    expect((await as('engineer', `/api/alerts/${(await firing(hidden.id))[0]!.id}/ack`, json('POST', { comment: 'not on the TV' }))).status).toBe(200)
    const ack = await as('engineer', `/api/alerts/${listed.alerts[0]!.id}/ack`, json('POST', { comment: 'on it' }))
    expect(ack.status).toBe(200)
    await expect.poll(() => events.events.some((event) => event.event === 'alert' && event.data.to === 'acknowledged'), { timeout: 10_000 }).toBe(true)
    expect(events.events.filter((event) => event.event === 'alert').every((event) => event.data.ruleId === shown.id)).toBe(true)
    await events.close()
    const after = (await (await fetch(`${kiosk}/boards/${board}/tiles/alerts/alerts`)).json()) as Listed
    expect(after.alerts.find((alert) => alert.id === listed.alerts[0]!.id)?.acknowledged?.by).toBe('engineer')

    // Nothing else through the link: another tile's "alerts", the alerts tile's cell data, another board's tile.
    expect((await fetch(`${kiosk}/boards/${board}/tiles/counts/alerts`)).status).toBe(400)
    expect((await fetch(`${kiosk}/boards/${board}/tiles/alerts/data`)).status).toBe(400)
    expect((await fetch(`${kiosk}/boards/${boardId}/tiles/alerts/alerts`)).status).toBe(404)
    expect((await cockpit.api(`/api/kiosk-links/${link.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${kiosk}/boards/${board}/tiles/alerts/alerts`)).status).toBe(404)
    expect((await fetch(`${kiosk}/alerts`)).status).toBe(404)
    expect((await fetch(`${kiosk}/firings?${range}`)).status).toBe(404)
    for (const id of [shown.id, hidden.id]) expect((await as('engineer', `/api/alerts/rules/${id}`, { method: 'DELETE' })).status).toBe(204)
  }, 120_000)

  it('stop working when they expire', async () => {
    const link = await (await cockpit.api('/api/kiosk-links', json('POST', { boards: [boardId], expiresAt: new Date(Date.now() + 1500).toISOString() }))).json()
    const token = link.url.split('/kiosk/')[1]
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}`)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1600))
    expect((await fetch(`${cockpit.url}/api/kiosk/${token}`)).status).toBe(404)
  })
})

describe('the seeded Plant overview', () => {
  it('is published for every role and each of its tiles runs', async () => {
    const list = (await (await as('manager', '/api/boards')).json()).boards
    const overview = list.find((board: { title: string }) => board.title === 'Plant overview')
    expect(overview).toMatchObject({ owner: 'cockpit', published: { version: 1 } })
    const board = await (await as('manager', `/api/boards/${overview.id}`)).json()
    expect(board.tiles.map((t: { kind: string }) => t.kind).sort()).toEqual(['alerts', 'chart', 'chart', 'chart', 'chart', 'live', 'machine-status', 'stat', 'stat', 'stat', 'table'])
    const alerts = await as('manager', `/api/boards/${overview.id}/tiles/alerts/alerts?machine=M01`)
    expect(await alerts.json()).toMatchObject({ tile: 'alerts', filter: { machine: 'M01', minSeverity: 'info' } })
    for (const tile of board.tiles.filter((t: { kind: string }) => t.kind !== 'alerts')) {
      const data = await (await as('manager', `/api/boards/${overview.id}/tiles/${tile.id}/data?period=2026-11-24..2026-11-24`)).json()
      expect(data.status, `${tile.id}: ${JSON.stringify(data.error)}`).toBe('ok')
    }
  })
})

describe('the OpenAPI document', () => {
  it('describes the board, kiosk-link and kiosk routes', async () => {
    const document = await (await fetch(`${cockpit.url}/api/openapi.json`)).json()
    expect(Object.keys(document.paths).filter((path) => /^\/(boards|kiosk)/.test(path)).sort()).toEqual([
      '/boards',
      '/boards/{id}',
      '/boards/{id}/export',
      '/boards/{id}/publish',
      '/boards/{id}/tiles/{tile}/alerts',
      '/boards/{id}/tiles/{tile}/data',
      '/boards/{id}/versions',
      '/boards/{id}/versions/{version}/restore',
      '/kiosk-links',
      '/kiosk-links/{id}',
      '/kiosk/{token}',
      '/kiosk/{token}/alerts',
      '/kiosk/{token}/boards/{id}/tiles/{tile}/alerts',
      '/kiosk/{token}/boards/{id}/tiles/{tile}/data',
      '/kiosk/{token}/catalog',
      '/kiosk/{token}/firings',
      '/kiosk/{token}/sensors',
    ])
    expect(document.paths['/kiosk/{token}'].get.security).toEqual([])
  })
})

describe('exports', () => {
  it('render a published board as PDF with Chromium', async () => {
    const { id } = await (await as('analyst', '/api/boards', json('POST', boardBody()))).json()
    expect((await as('analyst', `/api/boards/${id}/export?format=pdf`)).status).toBe(404)
    await as('analyst', `/api/boards/${id}/publish`, { method: 'POST' })
    const pdf = await as('manager', `/api/boards/${id}/export?format=pdf`)
    expect(pdf.status, await pdf.clone().text()).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    // The render's own kiosk link is gone again.
    expect((await (await cockpit.api('/api/kiosk-links')).json()).links.filter((link: { name: string }) => link.name.startsWith('export of'))).toEqual([])
  }, 90_000)
})
