/**
 * POST /api/jobs/{name}/run when another instance holds the job's lease: 409
 * `job-running-elsewhere` naming it, in the one error body; otherwise started (202).
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppDb } from '../../db/index.ts'
import { createScheduler, silentLogger, unleased, type JobLeases } from '../../jobs/index.ts'
import { errorHandler } from '../http/error-handler.ts'
import { jobsRoute } from './jobs.ts'

describe('on-demand job runs', () => {
  it('answer 409 job-running-elsewhere naming the instance holding the lease, else start the run', async () => {
    let holder: string | undefined = 'plant-2 pid 4242'
    let runs = 0
    const leases: JobLeases = {
      run: async (_job, work) => (holder === undefined ? { ran: true, value: await work(unleased) } : { ran: false, holder }),
      heldElsewhere: async () => holder,
    }
    const scheduler = createScheduler([{ name: 'mes-ingest', run: async () => ++runs }], silentLogger, leases)
    const app = new Hono().route('/api', jobsRoute({ db: undefined as unknown as AppDb, scheduler }))
    app.onError(errorHandler({ error: () => undefined }))

    const refused = await app.request('/api/jobs/mes-ingest/run', { method: 'POST' })
    expect(refused.status).toBe(409)
    expect(await refused.json()).toEqual({ error: { code: 'job-running-elsewhere', message: 'job mes-ingest is running on another instance: plant-2 pid 4242', field: 'name' } })
    expect(runs).toBe(0)

    holder = undefined
    const started = await app.request('/api/jobs/mes-ingest/run', { method: 'POST' })
    expect(started.status).toBe(202)
    expect(await started.json()).toEqual({ job: 'mes-ingest', started: true, message: 'run started' })
    await expect.poll(() => runs).toBe(1)

    expect((await app.request('/api/jobs/nope/run', { method: 'POST' })).status).toBe(404)
    await scheduler.stop()
  })
})
