/**
 * Runs a piece of work as a recorded job run: a row in `job_runs`, a DuckDB session in the
 * plant's time zone, a summary or error at the end, and a log line either way.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Catalog } from '../catalog/index.ts'
import { openDuckDbSession } from './duckdb-session.ts'
import type { JobLogger } from './job-logger.ts'
import type { LeaseGuard } from './lease-guard.ts'
import { finishRun, startRun } from './job-runs.ts'

export interface JobRunContext {
  catalog: Catalog
  plantTz: string
  tempDir: string
  logger: JobLogger
  trigger: 'schedule' | 'manual' | 'cli' | 'start' | 'takeover'
  /** The job's lease when the run holds one (./lease-guard.ts): the job checks it between steps and confirms it before each commit. */
  lease?: LeaseGuard
}

export async function runJob<T extends object>(
  job: string,
  context: JobRunContext,
  work: (run: { runId: number; connection: DuckDBConnection }) => Promise<T>,
): Promise<T> {
  const { catalog, logger } = context
  const runId = await startRun(catalog.db, job, context.trigger, catalog.clock())
  const session = await openDuckDbSession({ plantTz: context.plantTz, tempDir: context.tempDir })
  try {
    const result = await work({ runId, connection: session.connection })
    await finishRun(catalog.db, runId, { summary: { ...result } as Record<string, unknown> }, catalog.clock())
    logger.info({ job, runId, ...result }, `${job} finished`)
    return result
  } catch (error) {
    const message = (error as Error).message
    await finishRun(catalog.db, runId, { error: message }, catalog.clock())
    logger.error({ job, runId, err: error }, `${job} failed: ${message}`)
    throw error
  } finally {
    session.close()
  }
}
