/**
 * One measured step of the `mes` benchmark, run in its own Node process (spawned by ./mes.ts
 * with `--import tsx`) so its peak RSS is its own. The task comes as JSON in argv[2]; the result
 * (wall time of the measured span, rows, `process.resourceUsage().maxRSS` in KiB) is written as
 * JSON to the task's result file.
 *
 * - product:   `ingestMes` over a fresh test catalog whose landing folder holds the one file.
 * - reference: a fresh in-memory DuckDB with the product session's settings, plain
 *              `COPY (FROM read_<format>(file)) TO out (FORMAT parquet)`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalStorage } from '../catalog/index.ts'
import { ingestMes, openDuckDbSession, type JobLogger } from '../jobs/index.ts'
import { quoteLiteral } from '../catalog/index.ts'
import { createTestCatalog } from '../test/fixtures/test-catalog.ts'

export type BenchFormat = 'csv' | 'parquet' | 'ndjson'

export interface WorkerTask {
  mode: 'product' | 'reference'
  format: BenchFormat
  /** The data file (for the product: the only file under `landing`). */
  file: string
  landing: string
  /** Scratch folder for the reference's output and spill files. */
  workDir: string
  resultFile: string
}

export interface WorkerResult {
  /** Wall time of the measured span. */
  ms: number
  rows: number
  maxRssKiB: number
  /** product: the ingestion run, until it ended with the object's commit (before the KPI job). */
  ingestMs?: number
  /** product: the KPI job the ingestion triggered (its own run, after the ingestion run). */
  kpiMs?: number
  kpiDays?: number
  /** The step failed (e.g. DuckDB out of memory): its first line. */
  error?: string
}

const READERS: Record<BenchFormat, string> = { csv: 'read_csv', parquet: 'read_parquet', ndjson: 'read_json' }

async function product(task: WorkerTask): Promise<Omit<WorkerResult, 'maxRssKiB'>> {
  const test = await createTestCatalog()
  try {
    let committedAt: number | undefined
    const problems: string[] = []
    const logger: JobLogger = {
      info: (_fields, message) => {
        // The ingestion run ends with its commit; the KPI job it triggers follows.
        if (message === 'MES ingestion finished') committedAt = performance.now()
      },
      warn: (_fields, message) => problems.push(message ?? ''),
      error: (_fields, message) => problems.push(message ?? ''),
    }
    const started = performance.now()
    const summary = await ingestMes({
      catalog: test.catalog,
      source: createLocalStorage(task.landing),
      sourceName: task.landing,
      plantTz: 'UTC',
      tempDir: join(test.dir, 'tmp'),
      trigger: 'cli',
      logger,
    }).catch((error: Error) => {
      const phase = committedAt === undefined ? 'while ingesting the object' : `in the KPI rebuild (object committed after ${((committedAt - started) / 1000).toFixed(1)} s)`
      throw new Error(`${phase}: ${error.message.split('\n')[0]}`, { cause: error })
    })
    const ended = performance.now()
    if (problems.length > 0 || summary.rows.quarantined > 0 || committedAt === undefined) {
      throw new Error(`product ingestion did not accept the file cleanly: ${JSON.stringify({ problems, rows: summary.rows })}`)
    }
    return {
      ms: ended - started,
      rows: summary.rows.accepted,
      ingestMs: committedAt - started,
      kpiMs: ended - committedAt,
      kpiDays: summary.kpiDays.length,
    }
  } finally {
    await test.close()
  }
}

async function reference(task: WorkerTask): Promise<Omit<WorkerResult, 'maxRssKiB'>> {
  const tempDir = join(task.workDir, 'duckdb-tmp')
  mkdirSync(tempDir, { recursive: true })
  const out = join(task.workDir, `reference-${task.format}.parquet`)
  const started = performance.now()
  // The product's session settings (jobs/duckdb-session.ts): default threads, 1GB memory limit.
  // The product's own session settings (memory limit, spill folder, no extension loading).
  const session = await openDuckDbSession({ plantTz: 'UTC', tempDir })
  try {
    const result = await session.connection.runAndReadAll(
      `COPY (FROM ${READERS[task.format]}(${quoteLiteral(task.file)})) TO ${quoteLiteral(out)} (FORMAT parquet)`,
    )
    const ms = performance.now() - started
    return { ms, rows: Number(result.getRowObjectsJson()[0]?.Count ?? 0) }
  } finally {
    session.close()
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as WorkerTask
  const started = performance.now()
  let output: WorkerResult
  try {
    const result =
      task.mode === 'product' ? await product(task) : await reference(task)
    output = { ...result, maxRssKiB: process.resourceUsage().maxRSS }
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0]!
    output = { ms: performance.now() - started, rows: 0, maxRssKiB: process.resourceUsage().maxRSS, error: message }
  }
  writeFileSync(task.resultFile, JSON.stringify(output))
}

await main()
