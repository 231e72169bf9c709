/**
 * A notebook's catalog cell on the server (issue 13: ≤ 1.2× the same query in DuckDB directly on
 * the same files, in the same run). BENCH_NOTEBOOK_ROWS (default 10,000,000) sensor readings in one
 * catalog table (generation not timed); a notebook whose sql cell aggregates them per machine
 * and sensor. The product: `runNotebook` — DuckDB's parser
 * for the references, the graph, composeCellSql, each cell one statement through the SQL
 * service's sandbox workers (views as of the latest snapshot, locked DuckDB, 1 thread). The
 * reference: the same aggregate in a fresh in-memory DuckDB with 1 thread over the same Parquet
 * file, in this process. Runs alternate so that drift of this shared machine hits both.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseNotebookFile } from '../cells/index.ts'
import { commit, copyToParquet, ensureTable, quoteLiteral, type TableDefinition } from '../catalog/index.ts'
import { openDuckDbSession, readingsTable } from '../jobs/index.ts'
import { duckDbReferencePort } from '../server/notebooks/duckdb-references.ts'
import { runNotebook } from '../server/notebooks/run-notebook.ts'
import { createSqlService } from '../server/sql/sql-service.ts'
import { createTestCatalog } from '../test/fixtures/test-catalog.ts'
import type { Benchmark } from './run.ts'
import { formatMs, median } from './stats.ts'

const ROWS = Number(process.env.BENCH_NOTEBOOK_ROWS ?? 10_000_000)
const RUNS = 5
const GOAL = 1.2
const AGGREGATE = 'select machine_id, sensor_id, count(*) as n, avg(temperature_c) as mean, stddev_samp(temperature_c) as sd, max(temperature_c) as hottest from FROM_TABLE group by all order by machine_id, sensor_id'

/** The stream's readings table, under its own name, with the columns this benchmark writes and no key. */
const readings: TableDefinition = { name: 'bench.readings', layer: 'sensors', columns: readingsTable.columns.filter((column) => ['sensor_id', 'machine_id', 'ts', 'temperature_c'].includes(column.name)) }

const NOTEBOOK = `# Bench\n\n\`\`\`sql per_sensor\n${AGGREGATE.replace('FROM_TABLE', 'bench.readings')}\n\`\`\`\n`

async function run(): Promise<void> {
  const test = await createTestCatalog()
  const references = duckDbReferencePort()
  const service = createSqlService({ catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'sql-tmp'), readDirs: [join(test.dir, 'catalog')], isolation: 'namespace', timeoutMs: 120_000 })
  try {
    mkdirSync(join(test.dir, 'staging'), { recursive: true })
    const file = join(test.dir, 'staging', 'readings.parquet')
    const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
    try {
      await copyToParquet(session.connection, `SELECT 'S' || (i % 40) AS sensor_id, 'M' || (i % 8) AS machine_id, TIMESTAMPTZ '2026-01-01 00:00:00Z' + to_milliseconds(i * 100) AS ts, 20 + (hash(i) % 500) / 10.0 AS temperature_c FROM range(${ROWS}) t(i)`, file)
    } finally {
      session.close()
    }
    await ensureTable(test.catalog, readings)
    await commit(test.catalog, { operation: 'append', add: [{ table: readings.name, localFile: file, rowCount: ROWS }] })
    const [stored] = await test.catalog.db.selectFrom('catalog_files').select('path').execute()
    const parquet = await test.catalog.storage.localPath(stored!.path)
    console.log(`${ROWS.toLocaleString('en-US')} readings in one catalog file (not timed); ${RUNS} alternating runs`)

    const notebook = parseNotebookFile(NOTEBOOK)
    const product = async (): Promise<number> => {
      const started = performance.now()
      const result = await runNotebook({ sql: service, references }, notebook, { inputs: {} })
      const failed = result.cells.find((cell) => cell.status !== 'ok')
      if (failed !== undefined) throw new Error(`cell ${failed.name}: ${JSON.stringify(failed.error)}`)
      return performance.now() - started
    }
    const reference = async (): Promise<number> => {
      const started = performance.now()
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
      const connection = await instance.connect()
      try {
        await connection.runAndReadAll(AGGREGATE.replace('FROM_TABLE', `read_parquet(${quoteLiteral(parquet)})`))
      } finally {
        connection.closeSync()
        instance.closeSync()
      }
      return performance.now() - started
    }
    service.warm()
    await product() // workers started, file cached: both sides then read a warm page cache
    const products: number[] = []
    const referenceRuns: number[] = []
    for (let i = 0; i < RUNS; i++) {
      referenceRuns.push(await reference())
      products.push(await product())
    }
    const ratio = median(products) / median(referenceRuns)
    console.log(`reference (DuckDB, 1 thread, the aggregate alone): median ${formatMs(median(referenceRuns))}, best ${formatMs(Math.min(...referenceRuns))}`)
    console.log(`notebook run (the whole notebook: parse, references, graph, the cell): median ${formatMs(median(products))}, best ${formatMs(Math.min(...products))}`)
    console.log(`ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) — ${ratio <= GOAL ? 'met' : 'NOT met'}`)
  } finally {
    references.close()
    await service.close()
    await test.close()
  }
}

export const notebookCellBenchmark: Benchmark = { name: 'notebook-cell', description: 'a notebook catalog cell through the SQL service vs DuckDB directly', run }
