import { describe, expect, it } from 'vitest'
import { silentLogger } from './job-logger.ts'
import { unleased } from './lease-guard.ts'
import { createScheduler, JobRunningElsewhereError, type JobLeases } from './scheduler.ts'

describe('scheduler', () => {
  it('runs one instance of a job at a time: a second trigger joins the first', async () => {
    let runs = 0
    let release: () => void = () => {}
    const scheduler = createScheduler(
      [{ name: 'ingest', run: () => new Promise<void>((resolve) => { runs++; release = resolve }) }],
      silentLogger,
    )
    const first = scheduler.trigger('ingest')
    const second = scheduler.trigger('ingest')
    expect(scheduler.isRunning('ingest')).toBe(true)
    release()
    await Promise.all([first, second])
    expect(runs).toBe(1)
    expect(scheduler.isRunning('ingest')).toBe(false)
    const third = scheduler.trigger('ingest')
    release()
    await third
    expect(runs).toBe(2)
    await scheduler.stop()
  })

  it('names an unknown job and lets a failed run be retried', async () => {
    let attempts = 0
    const scheduler = createScheduler([{ name: 'flaky', run: async () => { if (++attempts === 1) throw new Error('boom') } }], silentLogger)
    await expect(scheduler.trigger('nope')).rejects.toThrow("no job named 'nope'")
    await expect(scheduler.trigger('flaky')).rejects.toThrow('boom')
    await expect(scheduler.trigger('flaky')).resolves.toBeUndefined()
    await scheduler.stop()
  })

  it('fires a job on its cron schedule', async () => {
    let fired = 0
    const scheduler = createScheduler([{ name: 'tick', cron: '* * * * * *', run: async () => { fired++ } }], silentLogger)
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    await scheduler.stop()
    expect(fired).toBeGreaterThanOrEqual(1)
  })

  it('with leases, runs a job only when it gets the lease and refuses it naming the holder otherwise', async () => {
    let holder: string | undefined = 'host-b pid 7'
    let runs = 0
    const leases: JobLeases = {
      run: async (_job, work) => (holder === undefined ? { ran: true, value: await work(unleased) } : { ran: false, holder }),
      heldElsewhere: async () => holder,
    }
    const scheduler = createScheduler([{ name: 'mes-ingest', run: async () => ++runs }], silentLogger, leases)
    expect(await scheduler.runningElsewhere('mes-ingest')).toBe('host-b pid 7')
    const refused = scheduler.trigger('mes-ingest')
    await expect(refused).rejects.toBeInstanceOf(JobRunningElsewhereError)
    await expect(refused).rejects.toThrow('job mes-ingest is running on another instance (host-b pid 7)')
    expect(runs).toBe(0)
    expect(scheduler.isRunning('mes-ingest')).toBe(false)
    holder = undefined
    expect(await scheduler.runningElsewhere('mes-ingest')).toBeUndefined()
    await expect(scheduler.trigger('mes-ingest')).resolves.toBe(1)
    await scheduler.stop()
  })

  it('without leases never reports a job running elsewhere', async () => {
    const scheduler = createScheduler([{ name: 'vacuum', run: async () => undefined }], silentLogger)
    expect(await scheduler.runningElsewhere('vacuum')).toBeUndefined()
    await scheduler.stop()
  })
})
