/**
 * POST /api/query on a running cockpit, through HTTP with real sessions: the formats, the
 * roles, escape attempts that leave nothing behind, the time limit, and sandbox workers that
 * end with the server — after a clean stop and after the server is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { isAlive } from '../harness/process-alive.ts'

let cockpit: ServedCockpit

const env = { COCKPIT_SIMULATOR: 'false', COCKPIT_QUERY_TIMEOUT: '1500ms' }
const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function query(body: unknown, role: 'analyst' | 'engineer' | 'manager' | 'admin' = 'analyst'): Promise<Response> {
  return (await cockpit.as(role)).api('/api/query', post(body))
}

/** The sandbox workers of a server: its child processes running bin/sql-worker.js. */
function workersOf(serverPid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      return ppid === serverPid && cmdline.includes('sql-worker.js') ? [Number(entry)] : []
    } catch {
      return []
    }
  })
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting: ${what}`)
}

beforeAll(async () => {
  cockpit = await serveCockpit({ env })
}, 120_000)
afterAll(() => cockpit?.stop())

describe('POST /api/query', { timeout: 60_000 }, () => {
  it('answers analysts and engineers; managers are refused, strangers must sign in', async () => {
    for (const role of ['analyst', 'engineer', 'admin'] as const) {
      const response = await query({ sql: 'SELECT 6 * 7 AS answer' }, role)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ columns: [{ name: 'answer', type: 'INTEGER' }], rows: [[42]], truncated: false })
    }
    expect((await query({ sql: 'SELECT 1' }, 'manager')).status).toBe(403)
    expect((await fetch(`${cockpit.url}/api/query`, { ...post({ sql: 'SELECT 1' }), headers: { 'content-type': 'application/json', origin: cockpit.url } })).status).toBe(401)
  })

  it('answers CSV and an Arrow stream with the same values as JSON, with parameters', async () => {
    const sql = 'SELECT i, i * 1.5 AS half, $label || i AS label, DATE \'2024-01-01\' + i::INTEGER AS day FROM range(3) t(i) WHERE i >= $from ORDER BY i'
    const params = { label: 'm-', from: 1 }
    const json = await (await query({ sql, params })).json()
    expect(json.rows).toEqual([['1', '1.5', 'm-1', '2024-01-02'], ['2', '3.0', 'm-2', '2024-01-03']])
    const csv = await query({ sql, params, format: 'csv' })
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(await csv.text()).toBe('i,half,label,day\r\n1,1.5,m-1,2024-01-02\r\n2,3.0,m-2,2024-01-03\r\n')
    const arrow = await query({ sql, params, format: 'arrow' })
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream')
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()))
    expect(table.toArray().map((row) => [String(row.i), row.label, new Date(row.day).toISOString().slice(0, 10)])).toEqual(json.rows.map((row: string[]) => [row[0], row[2], row[3]]))
  })

  it('cuts a large result at the limit and says so', async () => {
    const response = await query({ sql: 'SELECT * FROM range(100000)', limit: 5 })
    expect(response.headers.get('x-truncated')).toBe('true')
    expect(await response.json()).toMatchObject({ rows: [[0], [1], [2], [3], [4]].map(([n]) => [String(n)]), truncated: true })
  })

  it('refuses writes, with a clear error and nothing left behind in the catalog', async () => {
    const catalogDir = join(cockpit.dataDir, 'catalog')
    const before = readdirSync(catalogDir, { recursive: true })
    for (const sql of [`COPY (SELECT 1) TO '${catalogDir}/planted.csv'`, `EXPORT DATABASE '${catalogDir}/export'`, `ATTACH '${catalogDir}/x.db' AS x`]) {
      const response = await query({ sql })
      expect(response.status).toBe(400)
      expect((await response.json()).error).toMatchObject({ code: 'not-read-only', message: expect.stringMatching(/^only read-only queries are allowed here/) })
    }
    const read = await query({ sql: "SELECT * FROM read_text('/etc/passwd')" })
    expect([read.status, (await read.json()).error.code]).toEqual([400, 'permission-denied'])
    // The embedded sensor replay keeps committing while this runs: only its own data files may appear.
    const after = readdirSync(catalogDir, { recursive: true }).map(String)
    expect(before.map(String).filter((path) => !after.includes(path))).toEqual([])
    const added = after.filter((path) => !before.map(String).includes(path))
    expect(added.filter((path) => !/^sensors\/(readings|windows_1m)(\/[\w-]+)*(\.parquet)?$|^quarantine\/sensor_messages(\/[\w-]+)*(\.parquet)?$|^sensors$|^quarantine$/.test(path))).toEqual([])
    for (const target of ['planted.csv', 'export', 'x.db']) expect(after).not.toContain(target)
  })

  it('answers asOf of a snapshot that does not exist 404 naming it, on both names of the route', async () => {
    for (const path of ['/api/query', '/api/sql']) {
      const response = await (await cockpit.as('analyst')).api(path, post({ sql: 'SELECT 42 AS answer', asOf: 2_000_000_000 }))
      expect(response.status, path).toBe(404)
      expect((await response.json()).error).toMatchObject({ code: 'not-found', field: 'asOf', message: expect.stringMatching(/^asOf: no snapshot 2000000000 in the catalog/) })
    }
  })

  it('reports bad SQL with line and column, never a stack trace', async () => {
    const response = await query({ sql: 'SELECT 1,\n  2 +\nFROM range(2)' })
    expect(response.status).toBe(400)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({ error: { code: 'invalid-sql', message: 'Parser Error: syntax error at or near "FROM"', field: 'sql', line: 3, column: 1 } })
    expect(body).not.toMatch(/\bat .*\.ts:\d+/)
  })

  it('stops a runaway cross join at COCKPIT_QUERY_TIMEOUT with 408, then answers again', async () => {
    const response = await query({ sql: 'SELECT count(*) FROM range(1000000000) a CROSS JOIN range(1000000000) b' })
    expect(response.status).toBe(408)
    expect((await response.json()).error).toEqual({ code: 'timeout', message: 'the query ran longer than 1500 ms and was stopped', field: 'sql' })
    expect(await (await query({ sql: 'SELECT 1 AS ok' })).json()).toMatchObject({ rows: [[1]] })
  })

  it('has sandbox workers that end with a clean stop', async () => {
    const own = await serveCockpit({ env })
    await (await own.as('analyst')).api('/api/query', post({ sql: 'SELECT 1' }))
    const workers = workersOf(own.child.pid!)
    expect(workers.length).toBeGreaterThan(0)
    expect(await own.stop()).toBe(0)
    expect(workers.filter(isAlive)).toEqual([])
  })

  it('has sandbox workers that end when the server is killed, even mid-query', async () => {
    const own = await serveCockpit({ env: { ...env, COCKPIT_QUERY_TIMEOUT: '10m' } })
    try {
      const analyst = await own.as('analyst')
      await analyst.api('/api/query', post({ sql: 'SELECT 1' }))
      const workers = workersOf(own.child.pid!)
      expect(workers.length).toBeGreaterThan(0)
      void analyst.api('/api/query', post({ sql: 'SELECT count(*) FROM range(1000000000) a CROSS JOIN range(1000000000) b' })).catch(() => undefined)
      own.child.kill('SIGKILL')
      await own.exited
      await until(() => workers.every((pid) => !isAlive(pid)), `workers ${workers.join(', ')} to exit after their server was killed`)
    } finally {
      await own.stop()
    }
  })
})
