/**
 * Jobs run once across instances (issue 16): two `cockpit start` on one PostgreSQL app database
 * and one catalog folder, both asked to run `mes-ingest` at the same moment, record one run and
 * ingest the rows once — the same rows as a single-instance run. Killed with SIGKILL in the
 * middle of its run, the lease holder leaves the job to the other instance, which refuses it
 * (409 naming the dead holder) until the lease runs out, then runs it to the clean run's tables;
 * and, asked by nobody, it finds the dead holder's run once the lease has run out, fails it and
 * redoes its work by itself (trigger `takeover`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeDay } from '../../jobs/simulator/index.ts'
import { createPostgresDatabase, queryPostgres as query } from '../harness/app-databases.ts'
import { runCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { Instances, jobSettled } from '../harness/instances.ts'

const PLANT_TZ = 'Europe/Berlin'
const DAYS = ['2026-11-29', '2026-11-30']
const TABLES = ['mes.production_counts', 'kpi.machine_daily']
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-leases-'))
const landing = join(scratch, 'landing')
let clean: string[] = []
const instances = new Instances()

/** Each table's row count and its KPI rows as CSV, read with `cockpit sql` from the given app database and catalog. */
async function tables(env: NodeJS.ProcessEnv, dataDir: string): Promise<string[]> {
  const out: string[] = []
  for (const table of TABLES) {
    const query = table.startsWith('kpi.') ? `SELECT * FROM ${table} ORDER BY ALL` : `SELECT count(*) AS n FROM ${table}`
    const run = runCockpit(['sql', query, '--format', 'csv', '--data-dir', dataDir], { ...env, COCKPIT_LOG_LEVEL: 'silent', COCKPIT_PLANT_TZ: PLANT_TZ })
    expect(await run.exited, run.output()).toBe(0)
    out.push(run.output())
  }
  return out
}


/** Two instances' settings: one database, one catalog folder, the test's landing folder, no simulator. */
async function shared(): Promise<{ env: NodeJS.ProcessEnv; url: string }> {
  const url = await createPostgresDatabase()
  const env = { COCKPIT_DATABASE_URL: url, COCKPIT_CATALOG: mkdtempSync(join(scratch, 'catalog-')), COCKPIT_MES_SOURCE: landing, COCKPIT_SIMULATOR: 'false', COCKPIT_PLANT_TZ: PLANT_TZ }
  return { env, url }
}

/** Two instances; the first, asked to run mes-ingest, is SIGKILLed after its third object's commit. */
async function holderKilledMidRun(): Promise<{ env: NodeJS.ProcessEnv; url: string; holder: ServedCockpit; other: ServedCockpit }> {
  const { env, url } = await shared()
  const holder = await instances.serve({ ...env, COCKPIT_TEST_CRASH_AT: 'after-ingest-commit:3' })
  const other = await instances.serve(env)
  expect((await holder.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status).toBe(202)
  await holder.exited
  expect(holder.child.signalCode).toBe('SIGKILL')
  return { env, url, holder, other }
}

beforeAll(async () => {
  for (const day of DAYS) await writeDay({ landingDir: landing, day, plantTz: PLANT_TZ, machines: 2 })
  // The single-instance reference: the same dumps ingested by one process (SQLite, its own catalog).
  const dataDir = join(scratch, 'clean')
  const run = runCockpit(['ingest', 'mes', landing, '--data-dir', dataDir], { COCKPIT_PLANT_TZ: PLANT_TZ })
  expect(await run.exited, run.output()).toBe(0)
  clean = await tables({}, dataDir)
  expect(Number(clean[0]?.split('\n')[1])).toBeGreaterThan(0)
}, 300_000)
afterEach(async () => {
  await instances.stopAll()
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('two cockpit instances on one PostgreSQL database and catalog', () => {
  it('run mes-ingest once when both are asked at the same moment, with the rows of a single-instance run', async () => {
    const { env, url } = await shared()
    const a = await instances.serve(env)
    const b = await instances.serve(env)
    // Signed in first (the second instance makes its admin with `cockpit user add`), so the two requests leave together.
    const admins = await Promise.all([a, b].map((cockpit) => cockpit.as('admin')))
    const answers = await Promise.all(admins.map((admin) => admin.api('/api/jobs/mes-ingest/run', { method: 'POST' })))
    // Either both were accepted and the later lease taking was refused, or the later request saw the lease: never two runs.
    for (const answer of answers) expect([202, 409]).toContain(answer.status)
    const runs = await jobSettled(url, 'mes-ingest', [a, b])
    expect(runs).toEqual([expect.objectContaining({ status: 'succeeded' })])
    expect(await tables(env, a.dataDir)).toEqual(clean)
  }, 240_000)

  it('hand the job to the other instance when its holder is killed mid-run: refused while the lease lives, then run to the clean tables', async () => {
    const { env, url, holder, other } = await holderKilledMidRun()
    const lease = await query(url, "SELECT holder FROM job_leases WHERE job = 'mes-ingest'")
    expect(lease).toEqual([{ holder: `${hostname()} pid ${holder.child.pid}` }])

    const refused = await other.api('/api/jobs/mes-ingest/run', { method: 'POST' })
    // The 30 s lease may in principle have run out already on a very slow machine; then the run simply starts.
    if (refused.status === 409) {
      expect(await refused.json()).toEqual({ error: { code: 'job-running-elsewhere', message: `job mes-ingest is running on another instance: ${hostname()} pid ${holder.child.pid}`, field: 'name' } })
      let status = 409
      for (let i = 0; i < 400 && status === 409; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        status = (await other.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status
      }
      expect(status).toBe(202)
    } else {
      expect(refused.status).toBe(202)
    }
    const runs = await jobSettled(url, 'mes-ingest', [other])
    expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(1)
    expect(await tables(env, other.dataDir)).toEqual(clean)
  }, 300_000)

  it('refuse a command-line `cockpit ingest mes`, `compact` or `vacuum` while an instance holds the job\'s lease, and run it under the lease once free', async () => {
    const { env, url } = await shared()
    const dataDir = mkdtempSync(join(scratch, 'cli-'))
    // The first command migrates the new database.
    const migrate = runCockpit(['sql', 'SELECT 1', '--data-dir', dataDir], { ...env, COCKPIT_LOG_LEVEL: 'silent' })
    expect(await migrate.exited, migrate.output()).toBe(0)
    await query(url, `INSERT INTO job_leases (job, holder, generation, acquired_at, expires_at) VALUES ('mes-ingest', 'host-b pid 42', 1, '${new Date().toISOString()}', ${Date.now() + 60_000})`)
    const refused = runCockpit(['ingest', 'mes', '--data-dir', dataDir], env)
    expect(await refused.exited).toBe(1)
    expect(refused.output()).toContain('cockpit: mes-ingest is running on another instance (host-b pid 42); run this again when it has finished')
    expect(await query(url, "SELECT count(*)::int AS n FROM job_runs WHERE job = 'mes-ingest'")).toEqual([{ n: 0 }])

    await query(url, "DELETE FROM job_leases WHERE job = 'mes-ingest'")
    const ran = runCockpit(['ingest', 'mes', '--data-dir', dataDir], env)
    expect(await ran.exited, ran.output()).toBe(0)
    expect(await tables(env, dataDir)).toEqual(clean)
    // The lease was released at the end: the instances' next run can take it.
    expect(await query(url, "SELECT count(*)::int AS n FROM job_leases WHERE job = 'mes-ingest'")).toEqual([{ n: 0 }])

    // So are `cockpit compact` and `cockpit vacuum`, which the instances run nightly.
    for (const job of ['compact', 'vacuum']) {
      await query(url, `INSERT INTO job_leases (job, holder, generation, acquired_at, expires_at) VALUES ($1, 'host-b pid 42', 1, $2, $3)`, [job, new Date().toISOString(), Date.now() + 60_000])
      const held = runCockpit([job, '--data-dir', dataDir], env)
      expect(await held.exited).toBe(1)
      expect(held.output()).toContain(`cockpit: ${job} is running on another instance (host-b pid 42); run this again when it has finished`)
      await query(url, 'DELETE FROM job_leases WHERE job = $1', [job])
      const free = runCockpit([job, '--data-dir', dataDir], env)
      expect(await free.exited, free.output()).toBe(0)
      expect(await query(url, 'SELECT count(*)::int AS n FROM job_leases WHERE job = $1', [job])).toEqual([{ n: 0 }])
    }
    expect(await query(url, "SELECT job, status FROM job_runs WHERE job IN ('compact', 'vacuum') ORDER BY id")).toEqual([
      { job: 'compact', status: 'succeeded' },
      { job: 'vacuum', status: 'succeeded' },
    ])
    expect(await tables(env, dataDir)).toEqual(clean)
  }, 240_000)

  it("redo a dead holder's run on the other instance by itself once the lease runs out, without being asked", async () => {
    const { env, url, holder, other } = await holderKilledMidRun()
    // Nobody asks the other instance: it finds the run whose lease ran out, fails it and runs the job again.
    const runs = await jobSettled(url, 'mes-ingest', [other])
    expect(runs).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('stopped renewing the job lease') }),
      expect.objectContaining({ status: 'succeeded' }),
    ])
    const triggers = await query(url, "SELECT trigger FROM job_runs WHERE job = 'mes-ingest' ORDER BY id")
    expect(triggers.map((row) => row.trigger)).toEqual(['manual', 'takeover'])
    expect(other.output()).toMatch(/mes-ingest run \d+ was interrupted by its instance, which stopped renewing the job lease/)
    expect(await tables(env, other.dataDir)).toEqual(clean)
  }, 300_000)
})
