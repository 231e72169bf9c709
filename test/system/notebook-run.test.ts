/**
 * Headless notebook runs on a real `cockpit` process with the embedded plant's data: the
 * example notebooks (seeded on the first start) run through POST /api/notebooks/{id}/run and
 * through `cockpit notebook run <file.md>` give the same result in every cell; a failing cell
 * skips its dependants; inputs are checked against their cells (400 naming the input); a
 * malformed file is refused with its line, by the import and by the CLI.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCockpit, serveCockpit, type CockpitUser, type ServedCockpit } from '../harness/cockpit.ts'

const EXAMPLES = fileURLToPath(new URL('../../cells/testdata/', import.meta.url))
const FILES = ['oee-by-machine-and-day.md', 'top-downtime-reasons.md', 'temperature-vs-scrap.md']
const PLANT_OVERVIEW = fileURLToPath(new URL('../../server/boards/plant-overview.md', import.meta.url))

let cockpit: ServedCockpit
let analyst: CockpitUser

interface JobsBody {
  jobs?: { name: string; running: boolean }[]
  runs?: { job: string; status: string }[]
}

beforeAll(async () => {
  cockpit = await serveCockpit()
  // The start-up ingestion fills the catalog; the runs compare once it has settled.
  const deadline = Date.now() + 240_000
  for (;;) {
    const body = (await (await cockpit.api('/api/jobs')).json()) as JobsBody
    const succeeded = (job: string): boolean => (body.runs ?? []).some((run) => run.job === job && run.status === 'succeeded')
    const kpiJob = (body.jobs ?? []).some((job) => job.name === 'kpi-rebuild')
    if (succeeded('mes-ingest') && (!kpiJob || succeeded('kpi-rebuild')) && !(body.jobs ?? []).some((job) => job.running)) break
    if (Date.now() > deadline) throw new Error(`the first MES ingestion did not finish: ${JSON.stringify(body)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  analyst = await cockpit.as('analyst')
}, 300_000)
afterAll(() => cockpit?.stop())

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const today = new Date().toISOString().slice(0, 10)
const weekAgo = new Date(Date.now() - 8 * 86_400_000).toISOString().slice(0, 10)
/** Inputs that reach the simulated week, per example; the same on both paths. */
const INPUTS: Record<string, { http: Record<string, unknown>; cli: string[] }> = {
  'oee-by-machine-and-day.md': { http: { period: { from: weekAgo, to: today } }, cli: ['--input', `period=${weekAgo}..${today}`] },
  'top-downtime-reasons.md': { http: { since: weekAgo, top: 5 }, cli: ['--input', `since=${weekAgo}`, '--input', 'top=5'] },
  'temperature-vs-scrap.md': { http: {}, cli: [] },
}

async function cliRun(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const run = runCockpit(['notebook', 'run', ...args, '--data-dir', cockpit.dataDir])
  let stdout = ''
  run.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const code = await run.exited
  return { code, stdout: code === 0 || stdout !== '' ? stdout : run.output() }
}

describe('running notebooks headless', { timeout: 120_000 }, () => {
  it('ships the example notebooks, seeded on the first start', async () => {
    const { notebooks } = await (await analyst.api('/api/notebooks')).json()
    const titles = notebooks.filter((notebook: { owner: string }) => notebook.owner === 'cockpit').map((notebook: { title: string }) => notebook.title).sort()
    const titleOf = (path: string) => readFileSync(path, 'utf8').split('\n')[0]!.slice(2)
    // The examples, and the notebook behind the published Plant overview board (docs/boards.md).
    const shipped = [...FILES.map((file) => titleOf(join(EXAMPLES, file))), titleOf(PLANT_OVERVIEW)]
    expect(titles).toEqual(shipped.sort())
  })

  it.each(FILES)('runs %s the same through the route and through cockpit notebook run', async (file) => {
    const text = readFileSync(join(EXAMPLES, file), 'utf8')
    const { notebooks } = await (await analyst.api('/api/notebooks')).json()
    const seeded = notebooks.find((notebook: { owner: string; title: string }) => notebook.owner === 'cockpit' && notebook.title === text.split('\n')[0]!.slice(2))
    // The seeded notebook is the file, byte for byte.
    expect(await (await analyst.api(`/api/notebooks/${seeded.id}/export`)).text()).toBe(text)

    const response = await analyst.api(`/api/notebooks/${seeded.id}/run`, post({ inputs: INPUTS[file]!.http }))
    expect(response.status).toBe(200)
    const viaHttp = await response.json()
    const cli = await cliRun([join(EXAMPLES, file), '--format', 'json', ...INPUTS[file]!.cli])
    expect(cli.code, cli.stdout).toBe(0)
    const viaCli = JSON.parse(cli.stdout)
    expect(viaHttp.cells.map((cell: { name: string }) => cell.name)).toEqual(viaCli.cells.map((cell: { name: string }) => cell.name))
    for (const [index, cell] of viaHttp.cells.entries()) expect(viaCli.cells[index], cell.name).toEqual(cell)
    // Every cell ran, and the sql cells over the simulated week found rows.
    for (const cell of viaHttp.cells) expect(cell.status, `${cell.name}: ${JSON.stringify(cell.error)}`).toBe('ok')
    expect(viaHttp.cells.filter((cell: { kind: string }) => cell.kind === 'sql').some((cell: { rowCount: number }) => cell.rowCount > 0)).toBe(true)
  })

  it('reports a failing cell with its line and column, skips what reads it, runs the rest', async () => {
    const text = '# Broken\n\n```input n\n{"type": "number", "default": 3}\n```\n```sql a\nselect range as x from range($n)\n```\n```sql bad\nselect x\nfrom a\nwhere nope > 1\n```\n```sql after\nselect * from bad\n```\n```sql b\nselect sum(x) as total from a\n```\n'
    const { id } = await (await analyst.api('/api/notebooks/import', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: text })).json()
    const run = await (await analyst.api(`/api/notebooks/${id}/run`, post({ inputs: { n: 4 } }))).json()
    const byName = Object.fromEntries(run.cells.map((cell: { name: string }) => [cell.name, cell]))
    expect(byName.a).toMatchObject({ status: 'ok', rowCount: 4, truncated: false, columns: [{ name: 'x', type: 'BIGINT' }] })
    expect(byName.bad).toMatchObject({ kind: 'sql', status: 'error', error: { code: 'invalid-sql', line: 3 } })
    expect(byName.after).toMatchObject({ status: 'skipped', error: { code: 'skipped' } })
    expect(byName.b).toMatchObject({ status: 'ok', rows: [['6']] })

    const wrong = await analyst.api(`/api/notebooks/${id}/run`, post({ inputs: { n: 'four' } }))
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).error).toMatchObject({ code: 'bad-request', field: 'inputs.n' })
    const unknown = await analyst.api(`/api/notebooks/${id}/run`, post({ inputs: { m: 1 } }))
    expect((await unknown.json()).error).toMatchObject({ code: 'bad-request', field: 'inputs.m' })
  })

  it('lets the newest run of a notebook win: a second run by the same user stops the first (409)', async () => {
    const text = '# Slow\n\n```input n\n{"type": "number", "default": 10}\n```\n```sql pairs\nselect count(*) as c from range($n) a, range($n) b where a.range + b.range = -1\n```\n'
    const { id } = await (await analyst.api('/api/notebooks/import', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: text })).json()
    const started = Date.now()
    const slow = analyst.api(`/api/notebooks/${id}/run`, post({ inputs: { n: 10_000_000 } }))
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const fast = await analyst.api(`/api/notebooks/${id}/run`, post({ inputs: { n: 10 } }))
    expect(fast.status).toBe(200)
    expect((await fast.json()).cells.find((cell: { name: string }) => cell.name === 'pairs')).toMatchObject({ status: 'ok', rows: [['0']] })
    const replaced = await slow
    expect(replaced.status).toBe(409)
    expect((await replaced.json()).error).toMatchObject({ code: 'conflict' })
    // Stopped, not run to its end (which would take far longer than the time limit).
    expect(Date.now() - started).toBeLessThan(20_000)
  })

  it('refuses a malformed file with its line: the import answers 400, the CLI one line and exit 1', async () => {
    const text = '# Bad\n\n```sql a\nselect 1\n'
    const imported = await analyst.api('/api/notebooks/import', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: text })
    expect(imported.status).toBe(400)
    expect((await imported.json()).error).toMatchObject({ code: 'bad-request', field: 'body', line: 3 })
    const saved = await analyst.api('/api/notebooks', post({ text }))
    expect((await saved.json()).error).toMatchObject({ line: 3 })

    const file = join(cockpit.dataDir, 'bad.md')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, text)
    const run = runCockpit(['notebook', 'run', file, '--data-dir', cockpit.dataDir])
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('line 3')
    expect(run.output()).not.toMatch(/\n\s+at /)
  })

  it('prints every cell as a table by default and takes --input', async () => {
    const file = join(cockpit.dataDir, 'small.md')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, '# Small\n\n```input n\n{"type": "number", "default": 2}\n```\n```sql a\nselect range as x from range($n)\n```\n')
    const { code, stdout } = await cliRun([file, '--input', 'n=3'])
    expect(code).toBe(0)
    expect(stdout).toContain('== a (sql) ok')
    expect(stdout).toContain('(3 rows)')
  })
})
