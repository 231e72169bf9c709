/**
 * Arrow IPC encoding of a large query result, in one process and one DuckDB instance:
 * - read:   stream the result and read every value of every chunk (DuckDB → JS), no encoding —
 *           the floor any encoder built on @duckdb/node-api's chunks stands on;
 * - arrow:  the same read feeding the product's ArrowStreamEncoder, then the IPC bytes;
 * - json / csv: the same read through the product's JSON rows and RFC 4180 CSV paths;
 * - duckdb csv / json: DuckDB's own `COPY (query) TO file` (native C++, the reference).
 * The result: BENCH_ARROW_ROWS rows (default 2,000,000) × 8 columns of the common types
 * (BIGINT, INTEGER, DOUBLE, DECIMAL(12,2), VARCHAR, TIMESTAMP, BOOLEAN, DATE), 1 DuckDB thread
 * as in the sandbox. Each measure runs BENCH_ARROW_RUNS times (default 3); the median counts.
 */
import { DuckDBInstance, JsonDuckDBValueConverter, type DuckDBConnection } from '@duckdb/node-api'
import { tableFromIPC } from 'apache-arrow'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArrowStreamEncoder } from '../server/sql/arrow-encoding.ts'
import { csvRow } from '../server/sql/csv-encoding.ts'
import type { Benchmark } from './run.ts'
import { median } from './stats.ts'

const ROWS = Number(process.env.BENCH_ARROW_ROWS ?? 2_000_000)
const RUNS = Number(process.env.BENCH_ARROW_RUNS ?? 3)

const QUERY = `SELECT
  i::BIGINT AS id,
  (i % 50)::INTEGER AS machine,
  i * 0.25 AS value,
  ((i % 100000) / 100)::DECIMAL(12,2) AS amount,
  'WO-' || (i % 5000)::VARCHAR AS order_id,
  TIMESTAMP '2026-01-01' + to_seconds(i) AS ts,
  i % 7 = 0 AS flagged,
  DATE '2025-01-01' + (i % 365)::INTEGER AS day
FROM range(${ROWS}) t(i)`

interface Measured {
  name: string
  ms: number
  bytes?: number
}

async function timed(name: string, run: () => Promise<number | undefined>): Promise<Measured> {
  const times: number[] = []
  let bytes: number | undefined
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    bytes = await run()
    times.push(performance.now() - started)
  }
  return { name, ms: median(times), bytes }
}

async function readAll(connection: DuckDBConnection, onChunk: (chunk: NonNullable<Awaited<ReturnType<Awaited<ReturnType<DuckDBConnection['stream']>>['fetchChunk']>>>) => void): Promise<string[]> {
  const result = await connection.stream(QUERY)
  for (;;) {
    const chunk = await result.fetchChunk()
    if (chunk === null || chunk.rowCount === 0) return result.columnNames()
    onChunk(chunk)
  }
}

async function run(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cockpit-bench-arrow-'))
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })
  const connection = await instance.connect()
  try {
    const results: Measured[] = []
    results.push(
      await timed('read every value (no encoding)', async () => {
        let sink = 0
        await readAll(connection, (chunk) => {
          for (let c = 0; c < chunk.columnCount; c++) {
            const vector = chunk.getColumnVector(c)
            for (let r = 0; r < chunk.rowCount; r++) if (vector.getItem(r) !== null) sink++
          }
        })
        if (sink === 0) throw new Error('read nothing')
        return undefined
      }),
    )
    let arrowBytes: Uint8Array | undefined
    results.push(
      await timed('product: Arrow IPC stream', async () => {
        const result = await connection.stream(QUERY)
        const encoder = new ArrowStreamEncoder(result.columnNames().map((name, i) => ({ name, type: result.columnTypes()[i]! })))
        for (;;) {
          const chunk = await result.fetchChunk()
          if (chunk === null || chunk.rowCount === 0) break
          encoder.pushChunk(chunk)
        }
        arrowBytes = encoder.finish()
        return arrowBytes.length
      }),
    )
    results.push(
      await timed('product: JSON rows', async () => {
        let rows = 0
        await readAll(connection, (chunk) => (rows += chunk.convertRows(JsonDuckDBValueConverter).length))
        return undefined
      }),
    )
    results.push(
      await timed('product: CSV text', async () => {
        let length = 0
        await readAll(connection, (chunk) => {
          for (const row of chunk.convertRows(JsonDuckDBValueConverter)) length += csvRow(row).length
        })
        return length
      }),
    )
    for (const format of ['csv', 'json'] as const) {
      results.push(
        await timed(`reference: DuckDB COPY … (FORMAT ${format})`, async () => {
          const file = join(scratch, `out.${format}`)
          await connection.run(`COPY (${QUERY}) TO '${file}' (FORMAT ${format})`)
          return statSync(file).size
        }),
      )
    }

    const decoded = tableFromIPC(arrowBytes!)
    if (decoded.numRows !== ROWS) throw new Error(`the Arrow stream decoded to ${decoded.numRows} rows, expected ${ROWS}`)

    const read = results[0]!
    const arrow = results[1]!
    const duckCsv = results.find((r) => r.name.includes('FORMAT csv'))!
    console.log(`${ROWS.toLocaleString('en-US')} rows × 8 columns, DuckDB threads=1, median of ${RUNS} run(s) each`)
    const header = ['step', 'time', 'rows/s', 'MB', '× read']
    const rows = results.map((r) => [r.name, `${(r.ms / 1000).toFixed(2)} s`, Math.round(ROWS / (r.ms / 1000)).toLocaleString('en-US'), r.bytes === undefined ? '-' : (r.bytes / 1e6).toFixed(0), `×${(r.ms / read.ms).toFixed(2)}`])
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
    const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`
    console.log(line(header))
    console.log(line(widths.map((w) => '-'.repeat(w))))
    for (const row of rows) console.log(line(row))
    console.log(`\nArrow encoding on top of reading the chunks: ×${(arrow.ms / read.ms).toFixed(2)} of the read alone; ×${(arrow.ms / duckCsv.ms).toFixed(2)} of DuckDB's native CSV writer`)
  } finally {
    connection.closeSync()
    instance.closeSync()
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const arrowBenchmark: Benchmark = {
  name: 'arrow',
  description: `Arrow IPC encoding of a ${ROWS.toLocaleString('en-US')}-row result against reading its chunks and DuckDB's own CSV/JSON writers`,
  run,
}
