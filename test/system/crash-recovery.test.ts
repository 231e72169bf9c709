/**
 * Crash recovery of the MES → KPI path on the real `cockpit` process: it is killed (SIGKILL to
 * its process group, through the test-only hook COCKPIT_TEST_CRASH_AT, at exact points) after
 * ingest commits, while KPI files are written and inside the KPI commit; then the next
 * `cockpit ingest mes`, or the next server start, must leave KPI tables whose query results
 * equal a clean run's byte for byte, and `cockpit vacuum` and the start must remove what the
 * dead process staged.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeDay } from '../../jobs/simulator/index.ts'
import { cockpitBin, signIn } from '../harness/cockpit.ts'
import { freePort } from '../harness/ports.ts'

const PLANT_TZ = 'Europe/Berlin'
// A day alone in October, then the last two of November: KPI files are monthly, so a rerun
// that rebuilt only the months of what it ingested itself would leave October out.
const DAYS = ['2026-10-15', '2026-11-29', '2026-11-30']

const scratch = mkdtempSync(join(tmpdir(), 'cockpit-crash-'))
const landing = join(scratch, 'landing')
let objects = 0
let clean = ''
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
}

interface Started {
  pid: number
  output(): string
  finished: Promise<Finished>
}

/** `cockpit <args>` in a process group of its own (so the crash hook can kill the whole group). */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [cockpitBin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, COCKPIT_LOG_LEVEL: 'info', COCKPIT_PLANT_TZ: PLANT_TZ, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const finished = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })))
  return { pid: child.pid!, output: () => output, finished }
}

const cockpit = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> => start(args, env).finished

/** Both KPI tables as CSV, every column, in a total order. */
async function kpiTables(dataDir: string): Promise<string> {
  const tables: string[] = []
  for (const table of ['kpi.machine_daily', 'kpi.machine_hourly']) {
    const result = await cockpit(['sql', `SELECT * FROM ${table} ORDER BY ALL`, '--format', 'csv', '--data-dir', dataDir])
    expect(result.code, result.output).toBe(0)
    tables.push(result.output)
  }
  return tables.join('\n')
}

/** Folders a KPI build staged: in a process's staging folder, or (before those) at the root. */
function stagedKpiFolders(dataDir: string): string[] {
  const root = join(dataDir, 'staging')
  if (!existsSync(root)) return []
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => (entry.name.startsWith('kpi-') ? [entry.name] : readdirSync(join(root, entry.name)).filter((name) => name.startsWith('kpi-')).map((name) => `${entry.name}/${name}`)))
}

beforeAll(async () => {
  for (const day of DAYS) objects += (await writeDay({ landingDir: landing, day, plantTz: PLANT_TZ, machines: 2 })).files.length
  const dataDir = join(scratch, 'clean')
  const run = await cockpit(['ingest', 'mes', landing, '--data-dir', dataDir])
  expect(run.code, run.output).toBe(0)
  clean = await kpiTables(dataDir)
  // The clean run's KPI tables hold every day (and the figures are worth comparing).
  for (const day of DAYS) expect(clean).toContain(`${day},`)
}, 120_000)

describe('a cockpit ingest killed with SIGKILL, then run again', () => {
  const points = [
    ['after the ingest commits of the October day', 'after-ingest-commit:4'],
    ['after the last ingest commit, before any KPI work', () => `after-ingest-commit:${objects}`],
    ['while the KPI files are written', 'mid-kpi-write'],
    ['inside the KPI commit (files stored, not registered)', 'mid-kpi-commit'],
  ] as const

  for (const [when, point] of points) {
    it(`ends with the KPI tables of a clean run when killed ${when}`, async () => {
      const dataDir = mkdtempSync(join(scratch, 'cli-'))
      const crashAt = typeof point === 'string' ? point : point()
      const crashed = await cockpit(['ingest', 'mes', landing, '--data-dir', dataDir], { COCKPIT_TEST_CRASH_AT: crashAt })
      expect(crashed.signal, crashed.output).toBe('SIGKILL')

      const rerun = await cockpit(['ingest', 'mes', landing, '--data-dir', dataDir])
      expect(rerun.code, rerun.output).toBe(0)
      expect(await kpiTables(dataDir)).toBe(clean)
    })
  }

  it('ends with the KPI tables of a clean run when its process group is killed from outside mid-run', async () => {
    // As an operator's `kill -9 -<pgid>` would: at whatever point the run has reached once an object is committed.
    const dataDir = mkdtempSync(join(scratch, 'outside-'))
    const run = start(['ingest', 'mes', landing, '--data-dir', dataDir])
    const deadline = Date.now() + 30_000
    while (!/"msg":"ingested /.test(run.output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    process.kill(-run.pid, 'SIGKILL')
    const crashed = await run.finished
    expect(crashed.signal, crashed.output).toBe('SIGKILL')

    const rerun = await cockpit(['ingest', 'mes', landing, '--data-dir', dataDir])
    expect(rerun.code, rerun.output).toBe(0)
    expect(await kpiTables(dataDir)).toBe(clean)
  })

  it('leaves staged KPI files that cockpit vacuum removes, and only those of dead processes', async () => {
    const dataDir = mkdtempSync(join(scratch, 'vacuum-'))
    const crashed = await cockpit(['ingest', 'mes', landing, '--data-dir', dataDir], { COCKPIT_TEST_CRASH_AT: 'mid-kpi-write:3' })
    expect(crashed.signal, crashed.output).toBe('SIGKILL')
    const left = stagedKpiFolders(dataDir)
    expect(left).toHaveLength(1)
    expect(readdirSync(join(dataDir, 'staging', left[0]!)).length).toBeGreaterThan(0)

    const vacuum = await cockpit(['vacuum', '--data-dir', dataDir])
    expect(vacuum.code, vacuum.output).toBe(0)
    expect(stagedKpiFolders(dataDir)).toEqual([])
    // Vacuum's own folder goes when it ends: nothing is left.
    expect(readdirSync(join(dataDir, 'staging'))).toEqual([])

    // A live process's staging folder is kept, however idle: a server on the same data dir.
    const server = await serve(dataDir)
    try {
      expect((await cockpit(['vacuum', '--data-dir', dataDir])).code).toBe(0)
      expect(readdirSync(join(dataDir, 'staging'))).toEqual([expect.stringMatching(new RegExp(`^proc-${server.pid}-`))])
    } finally {
      await server.stop()
    }
  })
})

interface Served extends Started {
  url: string
  api(path: string, init?: RequestInit): Promise<Response>
  stop(): Promise<Finished>
}

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // Embedded mode without the simulator, on the test's landing folder; the hourly schedule never comes due in a test.
  const run = start(['start', '--port', String(port), '--data-dir', dataDir], { COCKPIT_MES_SOURCE: landing, COCKPIT_SIMULATOR: 'false', ...env })
  let exited: Finished | undefined
  void run.finished.then((finished) => (exited = finished))
  const deadline = Date.now() + 60_000
  while (!(await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false))) {
    if (exited !== undefined) throw new Error(`cockpit start exited with ${exited.code ?? exited.signal}:\n${exited.output}`)
    if (Date.now() > deadline) throw new Error(`cockpit start did not answer within 60 s:\n${run.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const line = readFileSync(join(dataDir, 'demo-users.txt'), 'utf8').split('\n').find((l) => l.split(' ')[1] === 'admin')
  const [username, , password] = line?.split(' ') ?? []
  const admin = await signIn(url, 'admin', { username: username!, password: password! })
  const stop = async (): Promise<Finished> => {
    if (exited === undefined) process.kill(run.pid, 'SIGTERM')
    return run.finished
  }
  return { ...run, url, api: admin.api, stop }
}

interface JobsAnswer {
  jobs: { name: string; running: boolean }[]
  runs: { id: number; job: string; trigger: string; status: string; error: string | null }[]
}

/** Waits until a run of `job` started by `trigger` succeeded and no job is running. */
async function settled(server: Served, job: string, trigger: string): Promise<JobsAnswer> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const answer = (await (await server.api('/api/jobs?limit=100')).json()) as JobsAnswer
    const done = answer.runs.some((run) => run.job === job && run.trigger === trigger && run.status === 'succeeded')
    if (done && answer.jobs.every((j) => !j.running)) return answer
    if (Date.now() > deadline) throw new Error(`no ${trigger} run of ${job} succeeded within 60 s: ${JSON.stringify(answer.runs)}\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

describe('a cockpit server killed with SIGKILL during its jobs, then started again', () => {
  it('runs the interrupted MES ingestion again at start, and its KPI tables equal a clean run\'s', async () => {
    const dataDir = mkdtempSync(join(scratch, 'server-'))
    const first = await serve(dataDir, { COCKPIT_TEST_CRASH_AT: 'after-ingest-commit:4' })
    expect((await first.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status).toBe(202)
    expect((await first.finished).signal).toBe('SIGKILL')

    const second = await serve(dataDir)
    try {
      const answer = await settled(second, 'mes-ingest', 'start')
      expect(answer.runs.find((run) => run.job === 'mes-ingest' && run.trigger === 'manual')).toMatchObject({ status: 'failed', error: 'abandoned: the process stopped during the run' })
      expect(second.output()).toMatch(/mes-ingest run \d+ was interrupted by the last stop: the objects it committed stay; it runs again now/)
    } finally {
      expect((await second.stop()).code).toBe(0)
    }
    expect(await kpiTables(dataDir)).toBe(clean)
  })

  it('pays the KPI days a kill during the KPI build left owed, and removes the dead server\'s staged files, at start', async () => {
    const dataDir = mkdtempSync(join(scratch, 'server-kpi-'))
    const first = await serve(dataDir, { COCKPIT_TEST_CRASH_AT: 'mid-kpi-write:2' })
    expect((await first.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status).toBe(202)
    expect((await first.finished).signal).toBe('SIGKILL')
    expect(stagedKpiFolders(dataDir)).toHaveLength(1)

    const second = await serve(dataDir)
    try {
      await settled(second, 'kpi-rebuild', 'start')
      expect(stagedKpiFolders(dataDir)).toEqual([])
      expect(second.output()).toMatch(/kpi-rebuild run \d+ was interrupted by the last stop: the KPI days it was rebuilding are still owed and are rebuilt now/)
      expect(second.output()).toContain('removed 1 staging folder(s) left by stopped processes')
    } finally {
      expect((await second.stop()).code).toBe(0)
    }
    expect(await kpiTables(dataDir)).toBe(clean)
  })
})
