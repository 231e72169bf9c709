/**
 * The start-up MES run after a quick restart (issue 16): a cockpit on PostgreSQL killed with
 * SIGKILL in the middle of an MES run and started again at once finds the job's lease still held
 * by its dead process. The run at start is not dropped: the log says when the lease runs out, and
 * the run goes ahead then and ingests the rest — the same rows as a clean single-instance run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeDay } from '../../jobs/simulator/index.ts'
import { createPostgresDatabase, queryPostgres as query } from '../harness/app-databases.ts'
import { runCockpit, serveCockpit, type ServedCockpit } from '../harness/cockpit.ts'
import { until } from '../sensors/until.ts'

const PLANT_TZ = 'Europe/Berlin'
const scratch = mkdtempSync(join(tmpdir(), 'cockpit-startup-run-'))
const landing = join(scratch, 'landing')
let cleanCount = ''
let restarted: ServedCockpit | undefined


async function productionCounts(env: NodeJS.ProcessEnv, dataDir: string): Promise<string> {
  const run = runCockpit(['sql', 'SELECT count(*) AS n FROM mes.production_counts', '--format', 'csv', '--data-dir', dataDir], { ...env, COCKPIT_LOG_LEVEL: 'silent', COCKPIT_PLANT_TZ: PLANT_TZ })
  expect(await run.exited, run.output()).toBe(0)
  return run.output()
}

beforeAll(async () => {
  for (const day of ['2026-11-29', '2026-11-30']) await writeDay({ landingDir: landing, day, plantTz: PLANT_TZ, machines: 2 })
  const dataDir = join(scratch, 'clean')
  const run = runCockpit(['ingest', 'mes', landing, '--data-dir', dataDir], { COCKPIT_PLANT_TZ: PLANT_TZ })
  expect(await run.exited, run.output()).toBe(0)
  cleanCount = await productionCounts({}, dataDir)
}, 300_000)
afterAll(async () => {
  await restarted?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('a cockpit on PostgreSQL restarted moments after a SIGKILL mid MES run', () => {
  it('runs the start-up MES run once the dead process’s lease runs out, logged, instead of skipping it', async () => {
    const url = await createPostgresDatabase()
    const dataDir = join(scratch, 'data')
    const env = { COCKPIT_DATABASE_URL: url, COCKPIT_CATALOG: join(scratch, 'catalog'), COCKPIT_MES_SOURCE: landing, COCKPIT_SIMULATOR: 'false', COCKPIT_PLANT_TZ: PLANT_TZ }
    const first = await serveCockpit({ env: { ...env, COCKPIT_TEST_CRASH_AT: 'after-ingest-commit:3' }, dataDir })
    expect((await first.api('/api/jobs/mes-ingest/run', { method: 'POST' })).status).toBe(202)
    await first.exited
    expect(first.child.signalCode).toBe('SIGKILL')
    const [lease] = await query(url, "SELECT holder, expires_at FROM job_leases WHERE job = 'mes-ingest'")
    expect(lease).toMatchObject({ holder: `${hostname()} pid ${first.child.pid}` })

    restarted = await serveCockpit({ env, dataDir })
    const expiresAt = Number(lease!.expires_at)
    // Restarted within the lease's 30 s: the start-up run waits for it (the machine may in principle be slow enough that it ran out already).
    if (Date.now() < expiresAt - 1_000) {
      await until(() => restarted!.output().includes(`mes-ingest lease held by ${hostname()} pid ${first.child.pid} until `), 'the wait to be logged')
      expect(restarted.output()).toMatch(/mes-ingest lease held by .* until \S+Z; will run then/)
    }
    await until(async () => (await query(url, "SELECT status FROM job_runs WHERE job = 'mes-ingest' AND trigger = 'start'")).some((run) => run.status === 'succeeded'), 'the start-up MES run to succeed', 90_000)
    expect(await query(url, "SELECT status FROM job_runs WHERE job = 'mes-ingest' AND trigger = 'start'")).toEqual([{ status: 'succeeded' }])
    await restarted.stop()
    restarted = undefined
    expect(await productionCounts(env, dataDir)).toBe(cleanCount)
  }, 300_000)
})
