/** /api/jobs: the runs of each job (status, progress, counts, errors) and on-demand runs. */
import { Hono } from 'hono'
import { badRequest, notFound } from '../http/api-error.ts'
import { z } from 'zod'
import { listRuns, type Scheduler } from '../../jobs/index.ts'
import type { AppDb } from '../../db/index.ts'

const listQuery = z.object({
  job: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

export function jobsRoute(options: { db: AppDb; scheduler: Scheduler }): Hono {
  return new Hono()
    .get('/', async (c) => {
      const query = listQuery.safeParse(c.req.query())
      if (!query.success) throw badRequest(query.error.issues[0]?.path.join('.') || 'query', query.error.issues[0]?.message ?? 'invalid')
      const runs = await listRuns(options.db, query.data)
      return c.json({ jobs: options.scheduler.jobs().map((name) => ({ name, running: options.scheduler.isRunning(name) })), runs })
    })
    .post('/:name/run', (c) => {
      const name = c.req.param('name')
      if (!options.scheduler.jobs().includes(name)) throw notFound(`no job named '${name}'`, 'name')
      const alreadyRunning = options.scheduler.isRunning(name)
      void options.scheduler.trigger(name, 'manual').catch(() => undefined)
      return c.json({ job: name, started: !alreadyRunning, message: alreadyRunning ? 'a run is already in progress' : 'run started' }, 202)
    })
}
