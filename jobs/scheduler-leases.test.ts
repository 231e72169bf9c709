/**
 * The scheduler with job leases on both app databases: two instances (two schedulers, two
 * holders) sharing one database run a job once however they are triggered, the refused one
 * naming the holder; the job runs again anywhere once the first run ended. A run at start that
 * finds the lease held by a process killed moments ago runs once that lease runs out, logged;
 * one held by a live instance that keeps renewing it is given up after a bounded number of tries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDb } from '../db/index.ts'
import { appDatabases } from '../test/harness/app-databases.ts'
import { acquireLease, appDbJobLeases, getLease } from './job-leases.ts'
import { silentLogger, type JobLogger } from './job-logger.ts'
import { createScheduler, JobRunningElsewhereError, type Scheduler } from './scheduler.ts'

describe.each(appDatabases)('scheduled jobs across instances on $name', (database) => {
  let db: AppDb
  const schedulers: Scheduler[] = []
  beforeEach(async () => {
    db = await database.open()
  })
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()))
    await db.destroy()
  })

  /** An instance whose one job counts its runs in `runs` and waits for `finish`. */
  const instance = (holder: string, runs: string[], gate: { finish: Promise<void> }) => {
    const scheduler = createScheduler(
      [{ name: 'mes-ingest', run: async () => { runs.push(holder); await gate.finish; return { holder } } }],
      silentLogger,
      appDbJobLeases(db, { holder, ttlMs: 30_000 }),
    )
    schedulers.push(scheduler)
    return scheduler
  }

  it('runs a job triggered on two instances at the same moment once, and refuses the other naming the holder', async () => {
    let finish: () => void = () => undefined
    const gate = { finish: new Promise<void>((resolve) => (finish = resolve)) }
    const runs: string[] = []
    const a = instance('host-a pid 1', runs, gate)
    const b = instance('host-b pid 2', runs, gate)
    const outcomes = [a.trigger('mes-ingest', 'manual'), b.trigger('mes-ingest', 'manual')].map((run) => run.then((value) => ({ value }), (error: unknown) => ({ error })))
    // The loser is refused while the winner still runs.
    const refused = await Promise.race(outcomes)
    expect(refused).toEqual({ error: expect.any(JobRunningElsewhereError) })
    const error = (refused as { error: JobRunningElsewhereError }).error
    const winner = runs[0]
    expect(runs).toEqual([winner])
    expect(error.holder).toBe(winner)
    expect(error.message).toContain(winner)
    const [loser] = [a, b].filter((_, index) => ['host-a pid 1', 'host-b pid 2'][index] !== winner)
    expect(await loser?.runningElsewhere('mes-ingest')).toBe(winner)
    finish()
    const settled = await Promise.all(outcomes)
    expect(settled.filter((outcome) => 'value' in outcome)).toEqual([{ value: { holder: winner } }])
    expect(runs).toEqual([winner])
    // Released at the end: either instance runs it next.
    expect(await getLease(db, 'mes-ingest')).toBeUndefined()
    expect(await loser?.runningElsewhere('mes-ingest')).toBeUndefined()
    await loser?.trigger('mes-ingest')
    expect(runs).toHaveLength(2)
  })

  it('skips a scheduled tick whose job runs elsewhere without failing the scheduler', async () => {
    let finish: () => void = () => undefined
    const gate = { finish: new Promise<void>((resolve) => (finish = resolve)) }
    const runs: string[] = []
    const a = instance('a', runs, gate)
    const b = instance('b', runs, gate)
    const first = a.trigger('mes-ingest', 'manual')
    await expect.poll(() => runs.length).toBe(1)
    await expect(b.trigger('mes-ingest', 'schedule')).rejects.toBeInstanceOf(JobRunningElsewhereError)
    expect(b.isRunning('mes-ingest')).toBe(false)
    finish()
    await first
    expect(runs).toEqual(['a'])
  })

  /** A logger that keeps its lines as "level: message". */
  const recording = (): JobLogger & { lines: string[] } => {
    const lines: string[] = []
    const keep = (level: string) => (_fields: object, message?: string) => void lines.push(`${level}: ${message}`)
    return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') }
  }

  it('runs a start-up job once the lease of a holder killed moments ago runs out, instead of dropping it', async () => {
    // The previous process took the lease and was killed: nobody renews or releases it.
    const dead = await acquireLease(db, { job: 'mes-ingest', holder: 'host-a pid 1', ttlMs: 1_500, now: Date.now() })
    const logger = recording()
    const runs: string[] = []
    const scheduler = createScheduler([{ name: 'mes-ingest', run: async () => runs.push('restarted') }], logger, appDbJobLeases(db, { holder: 'host-a pid 2', ttlMs: 30_000 }))
    schedulers.push(scheduler)
    const started = Date.now()
    await scheduler.triggerWhenFree('mes-ingest', 'start')
    expect(runs).toEqual(['restarted'])
    expect(Date.now()).toBeGreaterThanOrEqual(dead!.expiresAt)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(logger.lines).toContainEqual(expect.stringMatching(/^info: mes-ingest lease held by host-a pid 1 until \d{4}-\d\d-\d\dT[\d:.]+Z; will run then$/))
  })

  it('gives a start-up run up, with a warning, after its tries when a live instance keeps the lease', async () => {
    const renew = () => acquireLease(db, { job: 'mes-ingest', holder: 'host-b pid 7', ttlMs: 400, now: Date.now() })
    await renew()
    const renewing = setInterval(() => void renew(), 100)
    try {
      const logger = recording()
      const runs: string[] = []
      const scheduler = createScheduler([{ name: 'mes-ingest', run: async () => runs.push('ran') }], logger, appDbJobLeases(db, { holder: 'host-a pid 2', ttlMs: 30_000 }))
      schedulers.push(scheduler)
      await expect(scheduler.triggerWhenFree('mes-ingest', 'start', 3)).rejects.toBeInstanceOf(JobRunningElsewhereError)
      expect(runs).toEqual([])
      expect(logger.lines.filter((line) => line.includes('will run then'))).toHaveLength(2)
      expect(logger.lines).toContain('warn: mes-ingest not run (start): its lease stayed with host-b pid 7 through 3 attempts; that instance runs it')
    } finally {
      clearInterval(renewing)
    }
  })
})
