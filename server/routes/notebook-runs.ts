/**
 * POST /api/notebooks/{id}/run: the whole notebook, headless, as boards, scheduled refreshes
 * and alert rules will run it — each sql cell through the sandboxed SQL service as the caller
 * (their per-user limit), stopped when the client goes away. Thin: the runner is
 * ../notebooks/run-notebook.ts, the same one `cockpit notebook run` uses.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { errorResponses } from '../api-v1/error-responses.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import { requirePrincipal, type AuthEnv } from '../auth/principal.ts'
import { notebookIdParam, runRequestSchema, runResultSchema, type RunInputs, type RunResult } from '../notebooks/notebook-schemas.ts'
import { getNotebook } from '../notebooks/notebook-store.ts'
import { LatestRuns } from '../notebooks/latest-runs.ts'
import { ApiError } from '../http/api-error.ts'

/** Runs a notebook file's cells (../notebooks/run-notebook.ts). */
export type NotebookRunner = (text: string, run: { inputs: RunInputs; user: string; signal: AbortSignal }) => Promise<RunResult>

const runRoute = createRoute({
  method: 'post',
  operationId: 'runNotebook',
  path: '/notebooks/{id}/run',
  tags: ['notebooks'],
  summary: 'Run every cell of the current version, in dependency order',
  description:
    'Each sql cell runs through the SQL sandbox (as the caller, with their limits) as one statement, cells it reads included. A cell whose upstream failed is `skipped`. ' +
    '`inputs` must fit their input cells (400 naming the input); a cell’s SQL error is in its result, with `line`/`column` in the cell’s text. ' +
    'A newer run of the same notebook by the same user stops this one, which answers 409 `conflict`.',
  request: { params: z.object({ id: notebookIdParam }), body: { required: false, content: { 'application/json': { schema: runRequestSchema } } } },
  responses: { 200: { description: 'Every cell’s result, in the file’s order', content: { 'application/json': { schema: runResultSchema } } }, ...errorResponses(400, 404, 409) },
})

export function notebookRunsRoute(options: { db: AppDb; run: NotebookRunner }): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  const runs = new LatestRuns()
  api.openapi(runRoute, async (c) => {
    const notebook = await getNotebook(options.db, c.req.valid('param').id)
    const inputs = c.req.valid('json')?.inputs ?? {}
    const user = requirePrincipal(c).user.username
    const run = runs.begin(`${user}/${notebook.id}`, c.req.raw.signal)
    try {
      return c.json(await options.run(notebook.text, { inputs, user, signal: run.signal }), 200)
    } catch (error) {
      if (run.superseded()) throw new ApiError(409, 'conflict', `a newer run of notebook ${notebook.id} by ${user} replaced this one`, {}, { cause: error })
      throw error
    } finally {
      run.end()
    }
  })
  return api
}
