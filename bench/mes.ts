/**
 * MES ingestion throughput and peak memory. Generates BENCH_MES_ROWS (default 10 million)
 * production_counts rows with DuckDB — 50 machines, 15-minute periods back from 2026-01-01, so
 * keys are unique — as CSV, Parquet and NDJSON, each alone in its own landing folder
 * (`production_counts/bench.<ext>`; generation is not timed). Then, per format, in the same run:
 * - product: `ingestMes` over a fresh test catalog (SQLite + local storage in a temp folder).
 *   Ingestion is its run — list, read, clean, quarantine, commit of the one object — which ends
 *   at the commit; the KPI job it then triggers (every day the rows touched) is timed apart.
 * - reference: a fresh in-memory DuckDB with the product session's settings running a plain
 *   `COPY (FROM read_csv|read_parquet|read_json(file)) TO 'out.parquet' (FORMAT parquet)`.
 * Each step runs in its own Node process (./mes-worker.ts), whose maxRSS is its peak memory.
 * Goals (from the issue): CSV ingestion ≤ 1.5× the DuckDB conversion, peak RSS < 2 GB (of the
 * whole process, KPI job included).
 *
 * Env: BENCH_MES_ROWS, BENCH_MES_RUNS (default 1; median time, max RSS),
 * BENCH_MES_FORMATS (e.g. `csv`), BENCH_MES_DATA_DIR (keep the generated files there and reuse
 * them in later runs; default: a temp folder removed at the end).
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'
import type { BenchFormat, WorkerResult, WorkerTask } from './mes-worker.ts'

const ROWS = Number(process.env.BENCH_MES_ROWS ?? 10_000_000)
const RUNS = Number(process.env.BENCH_MES_RUNS ?? 1)
const MACHINES = 50
const FORMATS: BenchFormat[] = (process.env.BENCH_MES_FORMATS ?? 'csv,parquet,ndjson').split(',').map((f) => f.trim() as BenchFormat)
const GOAL_RATIO = 1.5
const GOAL_RSS_KIB = 2 * 1024 * 1024
const worker = fileURLToPath(new URL('./mes-worker.ts', import.meta.url))

/** Writes the files (unless already there); returns each format's landing folder and file. */
async function generate(dataDir: string): Promise<Record<BenchFormat, { landing: string; file: string }>> {
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(dataDir, 'gen-tmp') })
  const connection = await instance.connect()
  const periods = Math.ceil(ROWS / MACHINES)
  const iso = (column: string): string => `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ') AS ${column}`
  try {
    await connection.run(`SET TimeZone = 'UTC'`)
    // Row i: period p = i // MACHINES (oldest first), machine m = i % MACHINES; an order runs 8 hours.
    await connection.run(`
      CREATE VIEW production_counts AS
      SELECT
        'M' || lpad((m + 1)::VARCHAR, 3, '0') AS machine_id,
        'WO-' || lpad((m + 1)::VARCHAR, 3, '0') || '-' || lpad((p // 32)::VARCHAR, 6, '0') AS order_id,
        'P-' || lpad((hash(m, p // 32) % 120)::VARCHAR, 4, '0') AS product_id,
        TIMESTAMPTZ '2026-01-01 00:00:00+00' - to_minutes(((${periods} - p) * 15)::BIGINT) AS period_start,
        TIMESTAMPTZ '2026-01-01 00:00:00+00' - to_minutes(((${periods} - p) * 15 - 15)::BIGINT) AS period_end,
        (hash(i) % 400)::INTEGER AS good_count,
        (hash(i, 7) % 12)::INTEGER AS scrap_count
      FROM (SELECT range AS i, range % ${MACHINES} AS m, range // ${MACHINES} AS p FROM range(${ROWS}))`)
    const text = `SELECT machine_id, order_id, product_id, ${iso('period_start')}, ${iso('period_end')}, good_count, scrap_count FROM production_counts`
    const targets: Record<BenchFormat, { ext: string; copy: (file: string) => string }> = {
      csv: { ext: 'csv', copy: (file) => `COPY (${text}) TO '${file}' (FORMAT csv, HEADER true)` },
      parquet: { ext: 'parquet', copy: (file) => `COPY (FROM production_counts) TO '${file}' (FORMAT parquet)` },
      ndjson: { ext: 'ndjson', copy: (file) => `COPY (${text}) TO '${file}' (FORMAT json)` },
    }
    const out = {} as Record<BenchFormat, { landing: string; file: string }>
    for (const format of FORMATS) {
      const landing = join(dataDir, `rows-${ROWS}`, `landing-${format}`)
      mkdirSync(join(landing, 'production_counts'), { recursive: true })
      const file = join(landing, 'production_counts', `bench.${targets[format].ext}`)
      if (!existsSync(file)) {
        // Written beside, then renamed: a landing folder only ever holds the one complete file.
        const partial = join(dataDir, `rows-${ROWS}`, `partial.${targets[format].ext}`)
        await connection.run(targets[format].copy(partial))
        renameSync(partial, file)
      }
      out[format] = { landing, file }
    }
    return out
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function step(task: Omit<WorkerTask, 'resultFile'>, scratch: string): Promise<WorkerResult> {
  const resultFile = join(scratch, `result-${task.mode}-${task.format}.json`)
  rmSync(resultFile, { force: true })
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify({ ...task, resultFile })], { stdio: 'inherit', cwd: process.cwd() })
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (!existsSync(resultFile)) return { ms: NaN, rows: 0, maxRssKiB: NaN, error: `process exited with ${code} and no result` }
  return JSON.parse(readFileSync(resultFile, 'utf8')) as WorkerResult
}

type Measured = WorkerResult

async function measure(task: Omit<WorkerTask, 'resultFile'>, scratch: string): Promise<Measured> {
  const runs: WorkerResult[] = []
  for (let i = 0; i < RUNS; i++) {
    const result = await step(task, scratch)
    if (result.error !== undefined) {
      console.log(`  ${task.mode} ${task.format}: FAILED after ${seconds(result.ms)}, peak RSS ${rss(result.maxRssKiB)}: ${result.error}`)
      return { ms: result.ms, rows: 0, maxRssKiB: result.maxRssKiB, error: result.error }
    }
    if (result.rows !== ROWS) throw new Error(`${task.mode} ${task.format}: ${result.rows} rows, expected ${ROWS}`)
    runs.push(result)
  }
  const pick = (key: 'ingestMs' | 'kpiMs'): number | undefined => (runs[0]?.[key] === undefined ? undefined : median(runs.map((r) => r[key]!)))
  return {
    ms: median(runs.map((r) => r.ms)),
    rows: runs[0]!.rows,
    maxRssKiB: Math.max(...runs.map((r) => r.maxRssKiB)),
    ingestMs: pick('ingestMs'),
    kpiMs: pick('kpiMs'),
    kpiDays: runs[0]!.kpiDays,
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const rate = (rows: number, ms: number): string => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')}`
const rss = (kib: number): string => `${(kib / 1024).toFixed(0)} MB`

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) console.log(line(row))
}

async function run(): Promise<void> {
  if (!Number.isInteger(ROWS) || ROWS < MACHINES) throw new Error(`BENCH_MES_ROWS must be an integer ≥ ${MACHINES}`)
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-mes-'))
  const dataDir = process.env.BENCH_MES_DATA_DIR ?? join(scratch, 'data')
  try {
    const generated = performance.now()
    const files = await generate(dataDir)
    console.log(
      `${ROWS.toLocaleString('en-US')} production_counts rows, ${MACHINES} machines, ready in ${seconds(performance.now() - generated)} (not timed): ` +
        FORMATS.map((f) => `${f} ${(statSync(files[f].file).size / 1e6).toFixed(0)} MB`).join(', '),
    )
    console.log(`${RUNS} run(s) per step, each step in its own Node process; time = median, peak RSS = max (process maxRSS)`)
    const results: { format: BenchFormat; product: Measured; reference: Measured }[] = []
    for (const format of FORMATS) {
      const base = { format, file: files[format].file, landing: files[format].landing, workDir: join(scratch, 'work') }
      const reference = await measure({ ...base, mode: 'reference' }, scratch)
      const product = await measure({ ...base, mode: 'product' }, scratch)
      results.push({ format, product, reference })
      rmSync(base.workDir, { recursive: true, force: true })
    }

    const ok = (m: Measured): boolean => m.error === undefined
    const failed = 'FAILED'
    console.log('\nproduct = the ingestion run (until its commit); reference = DuckDB COPY (FROM read_<format>(file)) TO parquet')
    table(
      ['format', 'rows', 'ingestion', 'rows/s', 'reference', 'rows/s', 'ratio', 'RSS product', 'RSS reference'],
      results.map(({ format, product, reference }) => [
        format,
        ROWS.toLocaleString('en-US'),
        ok(product) ? seconds(product.ingestMs!) : `${failed} at ${seconds(product.ms)}`,
        ok(product) ? rate(ROWS, product.ingestMs!) : '-',
        ok(reference) ? seconds(reference.ms) : failed,
        ok(reference) ? rate(ROWS, reference.ms) : '-',
        ok(product) && ok(reference) ? `×${(product.ingestMs! / reference.ms).toFixed(2)}` : '-',
        rss(product.maxRssKiB),
        rss(reference.maxRssKiB),
      ]),
    )
    console.log('\nthe KPI job the ingestion triggers (its own run: every plant-local month the rows touched), and ingestion + KPI job')
    table(
      ['format', 'KPI job', 'days', 'ingestion + KPI', 'ratio'],
      results.map(({ format, product, reference }) =>
        ok(product)
          ? [format, seconds(product.kpiMs!), String(product.kpiDays), seconds(product.ms), ok(reference) ? `×${(product.ms / reference.ms).toFixed(2)}` : '-']
          : [format, failed, '-', '-', '-'],
      ),
    )
    for (const { format, product } of results) if (!ok(product)) console.log(`  ${format}: ${product.error}`)

    const csv = results.find((r) => r.format === 'csv')
    const csvRatio = csv === undefined || !ok(csv.product) ? Infinity : csv.product.ingestMs! / csv.reference.ms
    const peak = Math.max(...results.map((r) => r.product.maxRssKiB))
    const allOk = results.every((r) => ok(r.product))
    console.log('')
    if (csv !== undefined) {
      console.log(
        `goal CSV ≤ ×${GOAL_RATIO} of DuckDB read_csv → parquet: ${csvRatio <= GOAL_RATIO ? 'MET' : 'MISSED'} ` +
          (ok(csv.product) ? `(×${csvRatio.toFixed(2)}; with the KPI job ×${(csv.product.ms / csv.reference.ms).toFixed(2)})` : `(product failed: ${csv.product.error})`),
      )
    }
    console.log(`goal peak memory < 2 GB: ${peak < GOAL_RSS_KIB && allOk ? 'MET' : 'MISSED'} (product max ${rss(peak)}${allOk ? '' : '; a product step failed'})`)

  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const mesBenchmark: Benchmark = {
  name: 'mes',
  description: `MES ingestion of ${ROWS.toLocaleString('en-US')} production_counts rows (CSV, Parquet, NDJSON) against DuckDB's plain COPY to Parquet`,
  run,
}
