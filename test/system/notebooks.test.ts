/**
 * The notebook resources on a real `cockpit` process (issue 13): create, read, save on a base
 * version, a stale base refused as a conflict that names the current version and its author
 * (and writes nothing), history and restore, import then export giving the same bytes, a
 * malformed file refused with its line, search, delete, and every route by role — managers may
 * not open notebooks; create, save, import, restore and delete in the audit log. Every answer
 * is also checked against /api/openapi.json by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit, type Role, type ServedCockpit } from '../harness/cockpit.ts'
import { rawRequest } from '../harness/raw-http.ts'

let cockpit: ServedCockpit
beforeAll(async () => {
  cockpit = await serveCockpit({ env: { COCKPIT_SIMULATOR: 'false' } })
}, 120_000)
afterAll(() => cockpit?.stop())

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const markdown = (text: string | Uint8Array): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: text as BodyInit })
const as = async (role: Role, path: string, init?: RequestInit): Promise<Response> => (await cockpit.as(role)).api(path, init)

const FILE = '# OEE this week\n\n```input from\n{"type": "date", "default": "2026-11-01"}\n```\n```sql oee\nselect 1 as machine_id, 0.5 as oee\n```\n'

describe('notebooks', () => {
  it('creates, reads, saves on a base version and lists with owner and last edit', async () => {
    const created = await as('analyst', '/api/notebooks', json('POST', { text: FILE }))
    expect(created.status).toBe(201)
    const notebook = await created.json()
    expect(notebook).toMatchObject({ title: 'OEE this week', owner: 'analyst', updatedBy: 'analyst', version: 1, text: FILE })

    const edited = FILE.replace('0.5 as oee', '0.75 as oee') + '\n```sql worst\nselect * from oee\n```\n'
    const saved = await as('engineer', `/api/notebooks/${notebook.id}`, json('PUT', { text: edited, baseVersion: 1 }))
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ version: 2, updatedBy: 'engineer', owner: 'analyst', text: edited })
    expect(await (await as('analyst', `/api/notebooks/${notebook.id}`)).json()).toMatchObject({ version: 2, text: edited })

    const list = await (await as('analyst', '/api/notebooks')).json()
    expect(list.notebooks.find((entry: { id: number }) => entry.id === notebook.id)).toMatchObject({ title: 'OEE this week', owner: 'analyst', updatedBy: 'engineer', version: 2 })
    expect(list.notebooks[0].text).toBeUndefined()
  })

  it('refuses a save on a stale base with a conflict naming the current version and who saved it, writing nothing', async () => {
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { title: 'Shared' }))).json()
    expect((await as('analyst', `/api/notebooks/${id}`, json('PUT', { text: '# Shared\n\nby the analyst\n', baseVersion: 1 }))).status).toBe(200)
    const late = await as('engineer', `/api/notebooks/${id}`, json('PUT', { text: '# Shared\n\nby the engineer\n', baseVersion: 1 }))
    expect(late.status).toBe(409)
    const body = await late.json()
    expect(body.error).toMatchObject({ code: 'conflict', field: 'baseVersion' })
    expect(body.error.message).toContain('version 2')
    expect(body.error.message).toContain('analyst')
    // The winner's text stands; the loser saves again on the version the conflict named.
    expect(await (await as('engineer', `/api/notebooks/${id}`)).json()).toMatchObject({ version: 2, text: '# Shared\n\nby the analyst\n' })
    expect((await as('engineer', `/api/notebooks/${id}`, json('PUT', { text: '# Shared\n\nby the engineer\n', baseVersion: 2 }))).status).toBe(200)
  })

  it('keeps every version with who, when and what changed, and restores one as a new version', async () => {
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { text: FILE }))).json()
    const v2 = FILE + '```sql worst\nselect * from oee\n```\n'
    await as('analyst', `/api/notebooks/${id}`, json('PUT', { text: v2, baseVersion: 1 }))
    await as('engineer', `/api/notebooks/${id}`, json('PUT', { text: v2.replace('select 1', 'select 2'), baseVersion: 2 }))
    const versions = (await (await as('analyst', `/api/notebooks/${id}/versions`)).json()).versions
    expect(versions.map((v: { version: number; author: string; summary: string }) => [v.version, v.author, v.summary])).toEqual([
      [3, 'engineer', 'changed oee'],
      [2, 'analyst', 'added worst'],
      [1, 'analyst', 'created with 3 cells'],
    ])
    expect(Date.parse(versions[0].createdAt)).not.toBeNaN()
    const first = await as('analyst', `/api/notebooks/${id}/versions/1`)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ version: 1, author: 'analyst', createdAt: versions[2].createdAt, summary: 'created with 3 cells', text: FILE })
    expect((await as('analyst', `/api/notebooks/${id}/versions/9`)).status).toBe(404)

    const restored = await as('engineer', `/api/notebooks/${id}/versions/1/restore`, { method: 'POST' })
    expect(restored.status).toBe(200)
    expect(await restored.json()).toMatchObject({ version: 4, text: FILE, updatedBy: 'engineer' })
    expect((await (await as('analyst', `/api/notebooks/${id}/versions`)).json()).versions[0]).toMatchObject({ version: 4, summary: 'restored version 1' })
    expect((await as('analyst', `/api/notebooks/${id}/versions/9/restore`, { method: 'POST' })).status).toBe(404)
  })

  it('imports a Markdown file and exports the same bytes', async () => {
    // A byte-order mark, CRLF line ends, no final newline and non-ASCII text all survive.
    const text = '\uFEFF# Température ☕\r\n\r\n```sql t\r\nselect 42 as answer\r\n```\r\ntrailing'
    const imported = await as('analyst', '/api/notebooks/import', markdown(new TextEncoder().encode(text)))
    expect(imported.status).toBe(201)
    const { id } = await imported.json()
    const exported = await as('analyst', `/api/notebooks/${id}/export`)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toMatch(/^text\/markdown/)
    expect(Buffer.from(await exported.arrayBuffer()).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true)
  })

  it('refuses an import that is not text/markdown (415) and bodies over 1 MiB (413)', async () => {
    expect((await as('analyst', '/api/notebooks/import', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: FILE })).status).toBe(415)
    // Over its own socket: the server answers before reading the body and closes that connection.
    const analyst = await cockpit.as('analyst')
    const tooLarge = await rawRequest(cockpit.url, {
      method: 'POST',
      path: '/api/notebooks/import',
      headers: { cookie: `${analyst.cookie.name}=${analyst.cookie.value}`, origin: cockpit.url, 'content-type': 'text/markdown', 'content-length': String(1024 * 1024 + 1) },
      body: 'x'.repeat(64 * 1024),
    })
    expect(tooLarge.status).toBe(413)
  })

  it('searches by title or owner, and deletes (the owner or an admin)', async () => {
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { title: 'Scrap 100% by shift_x' }))).json()
    const found = async (q: string) => (await (await as('engineer', `/api/notebooks?q=${encodeURIComponent(q)}`)).json()).notebooks.map((n: { id: number }) => n.id)
    expect(await found('scrap 100%')).toEqual([id])
    expect(await found('shift_x')).toEqual([id])
    expect(await found('100_')).toEqual([])
    expect((await as('engineer', `/api/notebooks/${id}`, { method: 'DELETE' })).status).toBe(403)
    expect((await as('analyst', `/api/notebooks/${id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await as('analyst', `/api/notebooks/${id}`)).status).toBe(404)
    expect((await as('analyst', `/api/notebooks/${id}/versions`)).status).toBe(404)
  })

  it('answers every route by role: analysts, engineers and admins yes; managers 403; no login 401', async () => {
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { text: FILE }))).json()
    const current = async (): Promise<number> => (await (await as('admin', `/api/notebooks/${id}`)).json()).version
    const requests: [string, RequestInit | undefined | (() => Promise<RequestInit>)][] = [
      ['/api/notebooks', undefined],
      ['/api/notebooks', json('POST', { title: 'by role' })],
      ['/api/notebooks/import', markdown(FILE)],
      [`/api/notebooks/${id}`, undefined],
      [`/api/notebooks/${id}`, async () => json('PUT', { text: FILE, baseVersion: await current() })],
      [`/api/notebooks/${id}/export`, undefined],
      [`/api/notebooks/${id}/versions`, undefined],
      [`/api/notebooks/${id}/versions/1`, undefined],
      [`/api/notebooks/${id}/versions/1/restore`, { method: 'POST' }],
      [`/api/notebooks/${id}/run`, json('POST', {})],
      [`/api/notebooks/${id}`, { method: 'DELETE' }],
    ]
    for (const [path, request] of requests) {
      const init = typeof request === 'function' ? await request() : request
      const what = `${init?.method ?? 'GET'} ${path}`
      expect((await as('manager', path, init)).status, `manager ${what}`).toBe(403)
      const anonymous = await fetch(`${cockpit.url}${path}`, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: cockpit.url } })
      expect(anonymous.status, `anonymous ${what}`).toBe(401)
    }
    for (const role of ['analyst', 'engineer', 'admin'] as const) {
      for (const [path, request] of requests.slice(0, 9)) {
        const init = typeof request === 'function' ? await request() : request
        const status = (await as(role, path, init)).status
        expect(status, `${role} ${init?.method ?? 'GET'} ${path}`).toBeLessThan(300)
      }
    }
    expect((await as('admin', `/api/notebooks/${id}`, { method: 'DELETE' })).status).toBe(204)
  })

  it('records create, save (with its version), import, restore and delete in the audit log', async () => {
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { text: FILE }))).json()
    await as('engineer', `/api/notebooks/${id}`, json('PUT', { text: FILE + '\nmore\n', baseVersion: 1 }))
    await as('engineer', `/api/notebooks/${id}/versions/1/restore`, { method: 'POST' })
    const { id: imported } = await (await as('engineer', '/api/notebooks/import', markdown(FILE))).json()
    await as('analyst', `/api/notebooks/${id}`, { method: 'DELETE' })
    const { entries } = await (await as('admin', '/api/admin/audit?limit=200')).json()
    const mine = entries
      .filter((entry: { action: string; target: string }) => entry.action.startsWith('notebook.') && [String(id), String(imported)].includes(entry.target))
      .map((entry: { action: string; actor: string; target: string; detail: Record<string, unknown> }) => [entry.action, entry.actor, entry.target, entry.detail])
      .reverse()
    expect(mine).toEqual([
      ['notebook.create', 'analyst', String(id), { title: 'OEE this week', version: 1 }],
      ['notebook.save', 'engineer', String(id), { title: 'OEE this week', version: 2 }],
      ['notebook.restore', 'engineer', String(id), { title: 'OEE this week', restored: 1, version: 3 }],
      ['notebook.import', 'engineer', String(imported), { title: 'OEE this week', version: 1, chars: FILE.length }],
      ['notebook.delete', 'analyst', String(id), { title: 'OEE this week', owner: 'analyst', version: 3 }],
    ])
    // A refused save (stale base) writes no audit entry: nothing was saved.
    const { id: other } = await (await as('analyst', '/api/notebooks', json('POST', { title: 'stale' }))).json()
    expect((await as('analyst', `/api/notebooks/${other}`, json('PUT', { text: '# stale\n', baseVersion: 7 }))).status).toBe(409)
    const saves = (await (await as('admin', '/api/admin/audit?action=notebook.save&limit=200')).json()).entries
    expect(saves.filter((entry: { target: string }) => entry.target === String(other))).toEqual([])
  })

  it('names the field at fault: a bad id, a missing baseVersion, an unknown notebook', async () => {
    expect((await (await as('analyst', '/api/notebooks/abc')).json()).error).toMatchObject({ code: 'bad-request', field: 'id' })
    const { id } = await (await as('analyst', '/api/notebooks', json('POST', { title: 'fields' }))).json()
    expect((await (await as('analyst', `/api/notebooks/${id}`, json('PUT', { text: 'x' }))).json()).error).toMatchObject({ code: 'bad-request', field: 'baseVersion' })
    expect((await as('analyst', '/api/notebooks/999999')).status).toBe(404)
  })

  it('describes its routes in /api/openapi.json', async () => {
    const document = await (await fetch(`${cockpit.url}/api/openapi.json`)).json()
    // The document describes the boards too (docs/boards.md): only the notebooks' paths here.
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/notebooks')).sort()).toEqual(['/notebooks', '/notebooks/import', '/notebooks/{id}', '/notebooks/{id}/export', '/notebooks/{id}/run', '/notebooks/{id}/versions', '/notebooks/{id}/versions/{version}', '/notebooks/{id}/versions/{version}/restore'])
  })
})
