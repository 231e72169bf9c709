/**
 * Runs a whole notebook headless (POST /api/notebooks/{id}/run, `cockpit notebook run`).
 * Interim: the run plan comes from cells/ (graph, composeCellSql), which lands with issue 13.
 */
import { ApiError } from '../http/api-error.ts'
import type { SqlService } from '../sql/sql-service.ts'
import type { RunInputs, RunResult } from './notebook-schemas.ts'

export interface NotebookRunnerOptions {
  sql: SqlService
}

export interface RunRequest {
  inputs: RunInputs
  user?: string
  signal?: AbortSignal
}

export function notebookRunner(_options: NotebookRunnerOptions): (text: string, request: RunRequest) => Promise<RunResult> {
  return async () => {
    throw new ApiError(503, 'unavailable', 'notebook runs are not available yet')
  }
}
