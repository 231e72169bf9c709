/**
 * Service API exports: one page of 100,000 rows of a 1,000,000-row sensor readings table
 * (first page and a deep page), read through `readCatalogPage` — the code behind
 * /api/v1/tables/{name}/rows — as JSON rows, CSV, Parquet and Arrow, against a reference run in
 * the same process: plain DuckDB COPYing the same sorted slice of the same Parquet file to CSV.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, ensureTable, quoteLiteral, type TableDefinition } from '../catalog/index.ts'
import { openDuckDbSession, readingsTable } from '../jobs/index.ts'
import { readCatalogPage, type PageFormat, type PageSource } from '../server/api-v1/catalog-page.ts'
import { encodeCursor } from '../server/api-v1/cursor.ts'
import { createTestCatalog } from '../test/fixtures/test-catalog.ts'
import type { Benchmark } from './run.ts'
import { formatMs, median } from './stats.ts'

const ROWS = 1_000_000
const PAGE = 100_000
const RUNS = 5

/** The stream's readings table, under its own name, with the columns this benchmark writes and no key. */
const readings: TableDefinition = { name: 'bench.readings', layer: 'sensors', columns: readingsTable.columns.filter((column) => ['sensor_id', 'machine_id', 'ts', 'temperature_c', 'kafka_offset'].includes(column.name)) }

async function time(once: () => Promise<unknown>): Promise<number[]> {
  const runs: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await once()
    runs.push(performance.now() - started)
  }
  return runs
}

async function run(): Promise<void> {
  const test = await createTestCatalog()
  try {
    mkdirSync(join(test.dir, 'staging'), { recursive: true })
    const file = join(test.dir, 'staging', 'readings.parquet')
    const session = await openDuckDbSession({ plantTz: 'UTC', tempDir: join(test.dir, 'tmp') })
    try {
      await copyToParquet(
        session.connection,
        `SELECT 'S' || (i % 40) AS sensor_id, 'M' || (i % 8) AS machine_id, TIMESTAMPTZ '2026-01-01 00:00:00Z' + to_milliseconds(i * 997 % ${ROWS} * 1000) AS ts, 20 + (i % 500) / 10.0 AS temperature_c, i::BIGINT AS kafka_offset FROM range(${ROWS}) t(i)`,
        file,
      )
    } finally {
      session.close()
    }
    await ensureTable(test.catalog, readings)
    await commit(test.catalog, { operation: 'append', add: [{ table: readings.name, localFile: file, rowCount: ROWS }] })
    const source: PageSource = { catalog: test.catalog, plantTz: 'UTC', tempDir: join(test.dir, 'tmp', 'duckdb'), exportDir: join(test.dir, 'tmp', 'exports') }
    const [stored] = await test.catalog.db.selectFrom('catalog_files').select('path').execute()
    const parquet = await test.catalog.storage.localPath(stored!.path)

    const reference = async (offset: number): Promise<void> => {
      const instance = await DuckDBInstance.create(':memory:')
      const connection = await instance.connect()
      const out = join(test.dir, 'reference.csv')
      try {
        await connection.run(`COPY (SELECT * FROM read_parquet(${quoteLiteral(parquet)}) ORDER BY ts, sensor_id, machine_id, temperature_c, kafka_offset LIMIT ${PAGE} OFFSET ${offset}) TO ${quoteLiteral(out)} (HEADER)`)
      } finally {
        connection.closeSync()
        instance.closeSync()
        rmSync(out, { force: true })
      }
    }
    const page = async (format: PageFormat, offset: number): Promise<number> => {
      const cursor = offset === 0 ? undefined : { snapshot: 1, offset }
      const result = await readCatalogPage(source, { table: readings, filters: [], orderFirst: ['ts'], cursor, limit: PAGE, format })
      let bytes = result.arrow?.byteLength ?? (result.rows === undefined ? 0 : JSON.stringify(result.rows).length)
      if (result.file !== undefined) {
        bytes = statSync(result.file).size
        rmSync(result.file)
      }
      return bytes
    }

    const rows: string[][] = []
    for (const [label, offset] of [['first page', 0], ['deep page (offset 900,000)', 900_000]] as const) {
      const ref = median(await time(() => reference(offset)))
      rows.push([`${label}: reference, DuckDB COPY to CSV`, formatMs(ref), '1.00', ''])
      for (const format of ['json', 'csv', 'parquet', 'arrow'] as const) {
        let size = 0
        const ms = median(await time(async () => (size = await page(format, offset))))
        rows.push([`${label}: ${format}`, formatMs(ms), (ms / ref).toFixed(2), `${(size / 1e6).toFixed(1)} MB`])
      }
    }
    console.log(`${ROWS.toLocaleString('en')} rows in the table, pages of ${PAGE.toLocaleString('en')} rows, median of ${RUNS} runs (cursor ${encodeCursor({ snapshot: 1, offset: 900_000 })})`)
    console.log('| page | median | ratio to reference | output |\n| --- | --- | --- | --- |')
    for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  } finally {
    await test.close()
  }
}

export const apiExportBenchmark: Benchmark = {
  name: 'api-export',
  description: 'service API pages of 100,000 rows as JSON, CSV, Parquet and Arrow against DuckDB COPY of the same slice',
  run,
}
