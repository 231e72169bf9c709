/**
 * The workbench API under /api that is described by an OpenAPI document of its own,
 * `GET /api/openapi.json` — today the notebooks. /api/v1's document describes the service API
 * for other systems (its server is /api/v1); the notebooks are the workbench's resources, at
 * /api/notebooks as issue 13 names them, so they get this second document, built the same way
 * (@hono/zod-openapi, the same error answers and Error schema, the same validation hook).
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppDb } from '../../db/index.ts'
import { apiRouter } from '../api-v1/validation-hook.ts'
import type { AuthEnv } from '../auth/principal.ts'
import { canonicalOrigin, type PublicOriginSettings } from '../auth/public-origin.ts'
import { SESSION_COOKIE } from '../auth/session-cookie.ts'
import { errorHandler } from '../http/error-handler.ts'
import type { Logger } from '../logger.ts'
import type { NotebookCheck } from '../notebooks/notebook-check.ts'
import { notebookFilesRoute } from './notebook-files.ts'
import { notebookRunsRoute, type NotebookRunner } from './notebook-runs.ts'
import { notebookVersionsRoute } from './notebook-versions.ts'
import { notebooksRoute } from './notebooks.ts'

export const WORKBENCH_API_BASE = '/api'
const SECURITY: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }]

export interface WorkbenchApiOptions {
  db: AppDb
  check: NotebookCheck
  run: NotebookRunner
  version: string
  logger: Logger
  origin: PublicOriginSettings
}

export function workbenchApi(options: WorkbenchApiOptions): OpenAPIHono<AuthEnv> {
  const api = apiRouter()
  // Import before {id}: both are one segment under /notebooks (and /import is POST only, {id} has no POST).
  api.route('/', notebookFilesRoute({ db: options.db, check: options.check }))
  api.route('/', notebooksRoute({ db: options.db, check: options.check }))
  api.route('/', notebookVersionsRoute({ db: options.db }))
  api.route('/', notebookRunsRoute({ db: options.db, run: options.run }))
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie of a signed-in user (`POST /api/auth/login`).' })
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (`Authorization: Bearer <token>`).' })
  api.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'Plant Cockpit workbench API',
      version: options.version,
      description:
        'The workbench’s notebooks: files, versions, headless runs. Analysts and engineers (and admins) may use them; managers may not. See docs/notebooks.md. ' +
        'Every error is the `Error` body `{"error": {"code", "message", "field"?, "line"?, "column"?}}`. Request bodies are JSON (the import: `text/markdown`) of at most 1 MiB (else 413).',
    },
    servers: [{ url: `${canonicalOrigin(options.origin) ?? ''}${WORKBENCH_API_BASE}` }],
    security: SECURITY,
  }))
  api.onError(errorHandler(options.logger))
  return api
}
