/**
 * /api/jobs (admins): the runs of each job (status, progress, counts, errors) and on-demand runs.
 * Part of the workbench API's OpenAPI document (./workbench-api.ts). With several instances on one
 * PostgreSQL database a job runs on the instance holding its lease: asking another instance to run
 * it then answers 409 `job-running-elsewhere` naming the holder, rather than queueing a second run
 * that would only wait for the first (the operator sees where it runs and its progress here).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { listRuns, type Scheduler } from '../../jobs/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { ApiError, notFound } from '../http/api-error.ts'

const TAGS = ['jobs']
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const jobRunSchema = z
  .object({
    id: z.number().int(),
    job: z.string(),
    trigger: z.string().openapi({ description: '`schedule`, `manual`, `cli` or `start`.' }),
    status: z.enum(['running', 'succeeded', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: z.object({ done: z.number(), total: z.number(), rows: z.number(), elapsedMs: z.number(), current: z.string().optional() }).nullable(),
    summary: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
  })
  .openapi('JobRun')

const jobListSchema = z
  .object({
    jobs: z.array(z.object({ name: z.string(), running: z.boolean().openapi({ description: 'Running in this instance.' }) })),
    runs: z.array(jobRunSchema).openapi({ description: 'The latest runs, newest first, whichever instance ran them.' }),
  })
  .openapi('JobList')

const startedSchema = z
  .object({ job: z.string(), started: z.boolean().openapi({ description: 'false: a run was already going in this instance and the request joined it.' }), message: z.string() })
  .openapi('JobStarted')

const listRoute = createRoute({
  method: 'get',
  operationId: 'listJobs',
  path: '/jobs',
  tags: TAGS,
  summary: 'The jobs and their latest runs (admins)',
  request: { query: z.object({ job: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }) },
  responses: { 200: { description: 'The jobs and runs', content: json(jobListSchema) }, ...errorResponses(400) },
})

const runRoute = createRoute({
  method: 'post',
  operationId: 'runJob',
  path: '/jobs/{name}/run',
  tags: TAGS,
  summary: 'Run a job now (admins)',
  description:
    'Starts a run in the background (202), or joins the run already going in this instance. When another instance sharing the PostgreSQL app database is running the job, answers 409 `job-running-elsewhere` naming that instance (host and pid): the job runs once across instances.',
  request: { params: z.object({ name: z.string().min(1) }) },
  responses: { 202: { description: 'Started or joined', content: json(startedSchema) }, ...errorResponses(404, 409) },
})

export function jobsRoute(options: { db: AppDb; scheduler: Scheduler }): OpenAPIHono<AuthEnv> {
  const { scheduler } = options
  const api = apiRouter()
  api.openapi(listRoute, async (c) => {
    const runs = await listRuns(options.db, c.req.valid('query'))
    return c.json({ jobs: scheduler.jobs().map((name) => ({ name, running: scheduler.isRunning(name) })), runs }, 200)
  })
  api.openapi(runRoute, async (c) => {
    const { name } = c.req.valid('param')
    if (!scheduler.jobs().includes(name)) throw notFound(`no job named '${name}'`, 'name')
    const holder = await scheduler.runningElsewhere(name)
    if (holder !== undefined) throw new ApiError(409, 'job-running-elsewhere', `job ${name} is running on another instance: ${holder}`, { field: 'name' })
    const alreadyRunning = scheduler.isRunning(name)
    // Between the check and the lease another instance may still win: the run then ends refused (logged), never doubled.
    void scheduler.trigger(name, 'manual').catch(() => undefined)
    return c.json({ job: name, started: !alreadyRunning, message: alreadyRunning ? 'a run is already in progress' : 'run started' }, 202)
  })
  return api
}
