/** The catalog commands of `cockpit`, run as processes on one data dir filled by `cockpit ingest`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCockpit } from '../harness/cockpit.ts'
import { writeDirtyDumps } from '../fixtures/dirty-dumps.ts'

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-catalog-cli-'))
const dataDir = join(scratch, 'data')
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function cockpit(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cockpitOn(dataDir, ...args)
}

async function cockpitOn(dir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runCockpit([...args, '--data-dir', dir])
  let stdout = ''
  let stderr = ''
  run.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  run.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return { code: await run.exited, stdout, stderr }
}

beforeAll(async () => {
  await writeDirtyDumps(join(scratch, 'landing'))
  const ingest = await cockpit('ingest', 'mes', join(scratch, 'landing'))
  expect(ingest.code).toBe(0)
})

describe('cockpit sql, catalog, rebuild and compact', () => {
  it('prints query results as a table, JSON or CSV', async () => {
    const query = 'SELECT order_id, planned_qty FROM mes.orders ORDER BY order_id'
    expect((await cockpit('sql', query)).stdout).toBe('order_id  planned_qty\n--------  -----------\nO1        120\nO2        50\n')
    expect(JSON.parse((await cockpit('sql', query, '--format', 'json')).stdout)).toEqual([{ order_id: 'O1', planned_qty: '120' }, { order_id: 'O2', planned_qty: '50' }])
    expect((await cockpit('sql', query, '--format', 'csv')).stdout).toBe('order_id,planned_qty\nO1,120\nO2,50\n')
  })

  it('reads an earlier snapshot with --as-of', async () => {
    const history = await cockpit('catalog', 'history', 'mes.orders')
    expect(history.code).toBe(0)
    const snapshot = /^(\d+)\s/m.exec(history.stdout.split('\n').slice(2).join('\n'))?.[1]
    expect(snapshot).toBeDefined()
    const before = await cockpit('sql', 'SELECT count(*) AS n FROM mes.orders', '--as-of', String(Number(snapshot) - 1), '--format', 'csv')
    expect(before.stdout).toBe('n\n0\n')
    const at = await cockpit('sql', 'SELECT count(*) AS n FROM mes.orders', '--as-of', snapshot!, '--format', 'csv')
    expect(at.stdout).toBe('n\n2\n')
  })

  it('exits 1 with the SQL error, and 2 for a bad option', async () => {
    expect(await cockpit('sql', 'DELETE FROM mes.orders')).toMatchObject({ code: 1, stderr: 'cockpit: SQL error not_read_only: only read-only queries are allowed here: SELECT, WITH, PIVOT, DESCRIBE, SUMMARIZE or EXPLAIN\n' })
    expect(await cockpit('sql', 'SELECT order_id,\n  nope FROM mes.orders')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^cockpit: SQL error invalid_sql \(line 2, column 3\): Binder Error: Referenced column "nope" not found/) })
    expect(await cockpit('sql', 'SELECT * FROM kpi.nothing')).toMatchObject({ code: 1, stderr: expect.stringContaining('Table with name nothing does not exist') })
    const badFormat = await cockpit('sql', 'SELECT 1', '--format', 'xml')
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toContain("cockpit: --format must be one of table, json, csv, got 'xml'")
    expect((await cockpit('catalog', 'history', 'mes.nothing')).code).toBe(1)
  })

  it('lists the tables with their rows and files', async () => {
    const { code, stdout } = await cockpit('catalog')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^table\s+rows\s+files\s+size\s+schema\s+last commit\s+freshness$/m)
    expect(stdout).toMatch(/^quarantine\.mes_rows\s+9\s/m)
    expect(stdout).toMatch(/^raw\.orders\s+5\s+1\s/m)
  })

  it('lists row counts from the catalog metadata alone: no data file is read', async () => {
    // A copy of the data dir whose Parquet files are all gone: any scan would fail.
    const copy = join(scratch, 'metadata-only')
    cpSync(dataDir, copy, { recursive: true })
    for (const entry of readdirSync(join(copy, 'catalog'))) rmSync(join(copy, 'catalog', entry), { recursive: true, force: true })
    const { code, stdout, stderr } = await cockpitOn(copy, 'catalog')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^quarantine\.mes_rows\s+9\s/m)
    expect(stdout).toMatch(/^raw\.orders\s+5\s+1\s/m)
    // Keyed tables count stored versions; the listing says so.
    expect(stdout).toMatch(/^mes\.orders\s+2\*\s/m)
    expect(stdout).toContain('* rows stored; a keyed table shows only the latest version of each key')
  })

  it('an expected failure prints one line naming the cause, no stack trace', async () => {
    const missing = join(scratch, 'no-such-mapping.json')
    const { code, stdout, stderr } = await cockpit('ingest', 'mes', join(scratch, 'landing'), '--mapping', missing)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(new RegExp(`^cockpit: ingest failed: MES mapping file ${missing} cannot be read as JSON: ENOENT[^\n]*\n$`))
  })

  it('rebuilds and compacts without changing what queries return', async () => {
    const query = ['sql', 'SELECT * EXCLUDE (run, quarantined_at) FROM quarantine.mes_rows ORDER BY ALL', '--format', 'json']
    const before = (await cockpit(...query)).stdout
    const kpi = (await cockpit('sql', 'SELECT * FROM kpi.machine_daily ORDER BY ALL', '--format', 'json')).stdout
    const rebuild = await cockpit('rebuild', 'mes.orders')
    expect(rebuild.code).toBe(0)
    expect(rebuild.stdout).toMatch(/^rebuilt mes\.orders from 1 raw object\(s\): 2 rows accepted, 3 quarantined/)
    const compact = await cockpit('compact')
    expect(compact.code).toBe(0)
    // Quarantined rows are partitioned by dataset: one file per dataset remains.
    const [, filesBefore, filesAfter] = /^quarantine\.mes_rows\s+(\d+)\s+(\d+)$/m.exec(compact.stdout) ?? []
    expect(Number(filesAfter)).toBe(4)
    expect(Number(filesBefore)).toBeGreaterThan(4)
    expect((await cockpit(...query)).stdout).toBe(before)
    expect((await cockpit('sql', 'SELECT * FROM kpi.machine_daily ORDER BY ALL', '--format', 'json')).stdout).toBe(kpi)
    expect(await cockpit('rebuild', 'raw.orders')).toMatchObject({ code: 1, stderr: expect.stringContaining('cockpit: rebuild of raw.orders failed: cannot rebuild raw.orders') })
  })
})
