/**
 * The data dir holds password hashes and the audit log: under the common umask 022 the cockpit
 * still creates it 0700 and everything in it private, its SQL workers still read the catalog,
 * and it warns when an existing data dir is open to other users.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCockpit } from '../harness/cockpit.ts'

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-data-modes-'))
let umaskBefore: number
// The cockpit inherits the umask of whoever starts it; 022 is what most shells have.
beforeAll(() => void (umaskBefore = process.umask(0o022)))
afterAll(() => {
  process.umask(umaskBefore)
  rmSync(scratch, { recursive: true, force: true })
})

/** Every entry under `dir` (itself included) that its group or other users may read, enter or write. */
function openToOthers(dir: string): string[] {
  const found: string[] = []
  const visit = (path: string): void => {
    const stat = lstatSync(path)
    if (stat.isSymbolicLink()) return
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`)
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry))
  }
  visit(dir)
  return found
}

describe('the data dir is private', () => {
  it('is created 0700 with every file in it private, and the SQL sandbox still reads the catalog', async () => {
    const dataDir = join(scratch, 'fresh', 'data')
    const cockpit = await serveCockpit({ dataDir })
    try {
      // The embedded simulator's first ingestion commits MES tables; then a sandboxed query reads them.
      let tables: { name: string; files: number }[] = []
      for (let tries = 0; tries < 300 && !tables.some((t) => t.name === 'mes.orders' && t.files > 0); tries++) {
        tables = ((await (await cockpit.api('/api/catalog/tables')).json()) as { tables: { name: string; files: number }[] }).tables ?? []
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const query = await cockpit.api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM mes.orders' }) })
      expect(query.status, await query.clone().text()).toBe(200)
      expect(Number(((await query.json()) as { rows: unknown[][] }).rows[0]![0])).toBeGreaterThan(0)
    } finally {
      expect(await cockpit.stop()).toBe(0)
    }
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700)
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['app.sqlite', 'duckdb', 'catalog']))
    expect(openToOthers(dataDir)).toEqual([])
    expect(cockpit.output()).not.toContain('chmod 700')
  })

  it('warns at start when an existing data dir is open to other users, naming it and the fix', async () => {
    const dataDir = join(scratch, 'shared')
    mkdirSync(dataDir)
    chmodSync(dataDir, 0o755)
    const cockpit = await serveCockpit({ dataDir, env: { COCKPIT_SIMULATOR: 'false' } })
    expect(await cockpit.stop()).toBe(0)
    const warning = cockpit.output().split('\n').find((line) => line.includes('chmod 700'))
    expect(warning).toBeDefined()
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, dataDir, mode: '0755', msg: `data dir ${dataDir} is open to other users (mode 0755) but holds password hashes and the audit log: run chmod 700 ${dataDir}` })
  })
})
