/**
 * Where the product's MES ingestion of one file spends its time: a copy of the per-object logic
 * of jobs/mes/ingest-object.ts and of jobs/kpi/build-kpis.ts (same SQL, same helpers, same
 * order), with a timer around each stage, over a fresh test catalog whose storage put() is timed.
 * Product code is not changed; when it changes, this copy must follow it.
 *
 * After the product's stages, a few variants of the first stage (CSV only) show what the
 * staging costs are made of.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  commit,
  createCatalogViews,
  createLocalStorage,
  ensureTable,
  getTable,
  latestSnapshotId,
  type Catalog,
  type StagedFile,
  type Storage,
} from '../catalog/index.ts'
import { openDuckDbSession } from '../jobs/duckdb-session.ts'
import { startRun } from '../jobs/job-runs.ts'
import { KPI_TABLES } from '../jobs/kpi/build-kpis.ts'
import { kpiSql } from '../jobs/kpi/kpi-sql.ts'
import { cleaningSql, quoteIdent, quoteLiteral } from '../jobs/mes/cleaning-sql.ts'
import { columnSources } from '../jobs/mes/column-sources.ts'
import { datasets, DATASET_NAMES } from '../jobs/mes/datasets.ts'
import { MES_JOB } from '../jobs/mes/ingest-mes.ts'
import { classifyObject } from '../jobs/mes/layout.ts'
import { stageRaw } from '../jobs/mes/stage-raw.ts'
import { cleanTable, quarantineFilesTable, quarantineRowsTable, rawTable, RAW_LINEAGE_COLUMNS } from '../jobs/mes/tables.ts'
import { createTestCatalog } from '../test/fixtures/test-catalog.ts'
import type { WorkerResult, WorkerTask } from './mes-worker.ts'

export interface StageTiming {
  stage: string
  ms: number
  /** Variants are experiments, not part of the product's run. */
  variant?: boolean
  note?: string
}

const mb = (file: string): string => `${(statSync(file).size / 1e6).toFixed(0)} MB`

export async function profileStages(task: WorkerTask): Promise<Omit<WorkerResult, 'maxRssKiB'>> {
  const stages: StageTiming[] = []
  const time = async <T>(stage: string, work: () => Promise<T>, note?: (value: T) => string): Promise<T> => {
    const started = performance.now()
    const value = await work()
    stages.push({ stage, ms: performance.now() - started, note: note?.(value) })
    return value
  }
  let putMs = 0
  const storageRoot = join(task.workDir, `stages-storage-${randomUUID()}`)
  const local = createLocalStorage(storageRoot)
  const storage: Storage = {
    ...local,
    put: async (key, file) => {
      const started = performance.now()
      await local.put(key, file)
      putMs += performance.now() - started
    },
  }
  const test = await createTestCatalog({ storage })
  const { catalog } = test
  const tempDir = join(test.dir, 'tmp')
  const source = createLocalStorage(task.landing)
  let rows = 0
  try {
    const runId = await time('run setup: job run, tables, list source', async () => {
      const id = await startRun(catalog.db, MES_JOB, 'cli', catalog.clock())
      for (const table of [...DATASET_NAMES.map(cleanTable), quarantineRowsTable, quarantineFilesTable]) await ensureTable(catalog, table)
      for await (const _ of source.list()) void _
      return id
    })
    const session = await time('open DuckDB session', () => openDuckDbSession({ plantTz: 'UTC', tempDir }))
    const connection = session.connection
    try {
      const objects = []
      for await (const object of source.list()) objects.push(object)
      const object = objects[0]!
      const classification = classifyObject(object.key)
      if ('error' in classification) throw new Error(classification.error)
      const { dataset, format } = classification
      const path = await source.localPath(object.key, object.etag)

      // --- ingest-object.ts, stage by stage ---
      const rawFile = stagedPath(catalog)
      const lineage = [
        `${quoteLiteral(object.key)} AS _source`,
        `${quoteLiteral(object.etag)} AS _etag`,
        `TIMESTAMPTZ ${quoteLiteral(object.lastModified.toISOString())} AS _source_modified`,
        `${runId}::BIGINT AS _run`,
      ]
      const staged = await time(`stageRaw: ${task.format} → raw parquet (all text, _row, lineage)`, () =>
        stageRaw(connection, { path, format, stagedFile: rawFile, lineage }), () => mb(rawFile))
      rows = staged.rowCount
      const sources = columnSources(datasets[dataset], staged.columns)
      const cleanFile = stagedPath(catalog)
      const quarantineFile = stagedPath(catalog)
      const sql = cleaningSql(datasets[dataset], sources.columns)
      const raw = `read_parquet(${quoteLiteral(rawFile)}) r`
      const accepted = await time('clean COPY: raw parquet → typed parquet', () =>
        copyCount(connection, `SELECT ${sql.typed.join(', ')}, r._source, r._source_modified, r._row FROM ${raw} WHERE (${sql.reason}) IS NULL`, cleanFile),
        () => mb(cleanFile))
      const rowJson = `to_json(struct_pack(${staged.columns.map((c) => `${quoteIdent(c)} := r.${quoteIdent(c)}`).join(', ')}))::VARCHAR`
      const common = `${quoteLiteral(object.key)} AS source, ${quoteLiteral(object.etag)} AS etag, ${quoteLiteral(dataset)} AS dataset`
      const tail = `${runId}::BIGINT AS run, TIMESTAMPTZ ${quoteLiteral(catalog.clock().toISOString())} AS quarantined_at`
      const line = format === 'parquet' ? 'NULL::BIGINT' : format === 'json' ? 'r._row' : 'r._row + 1'
      if (staged.rejects.length > 0) throw new Error('the benchmark data has no malformed lines')
      const quarantined = await time('quarantine COPY: raw parquet → rows breaking a rule', () =>
        copyCount(connection, `SELECT ${common}, r._row AS row_number, ${line} AS line, ${rowJson} AS raw, ${sql.reason} AS reason, ${tail} FROM ${raw} WHERE (${sql.reason}) IS NOT NULL`, quarantineFile))
      const eventTimes = await time('event-time range of the clean file', () => eventTimeRange(connection, cleanFile, datasets[dataset].eventTime))

      const add: StagedFile[] = [
        { table: `raw.${dataset}`, localFile: rawFile, rowCount: staged.rowCount },
        { table: `mes.${dataset}`, localFile: cleanFile, rowCount: accepted },
      ]
      if (quarantined > 0) add.push({ table: quarantineRowsTable.name, localFile: quarantineFile, rowCount: quarantined })
      await time('register table columns', async () => {
        const existing = await getTable(catalog, `raw.${dataset}`)
        const lineageNames = new Set(RAW_LINEAGE_COLUMNS.map((column) => column.name))
        const known = (existing?.columns ?? []).map((column) => column.name).filter((name) => !lineageNames.has(name))
        await ensureTable(catalog, rawTable(dataset, [...known, ...staged.columns.filter((name) => !known.includes(name))]))
        await ensureTable(catalog, cleanTable(dataset))
        await ensureTable(catalog, quarantineRowsTable)
      })
      putMs = 0
      const commitStarted = performance.now()
      await commit(catalog, {
        operation: 'ingest',
        jobRunId: runId,
        add,
        lineage: add.map((file) => ({ table: file.table, sourceKind: 'local-file', source: `${task.landing}/${object.key}`, sourceVersion: object.etag })),
        quality: [{ table: `mes.${dataset}`, check: 'rows_quarantined', status: quarantined === 0 ? 'pass' : 'warn', observed: quarantined, detail: object.key }],
        ingested: [{ source: task.landing, key: object.key, etag: object.etag, lastModified: object.lastModified.toISOString(), size: object.size, dataset, status: 'ingested', rowsAccepted: accepted, rowsQuarantined: quarantined }],
      })
      const commitMs = performance.now() - commitStarted
      stages.push({ stage: 'commit: copy raw + clean files into storage', ms: putMs })
      stages.push({ stage: 'commit: app-db transaction, remove staged files', ms: commitMs - putMs })

      // --- build-kpis.ts, stage by stage ---
      if (eventTimes !== undefined) await profileKpis(catalog, connection, eventTimes, stages, time, () => putMs, (v) => (putMs = v))

      if (task.format === 'csv') {
        await csvVariants(connection, path, join(task.workDir, 'variants'), sql, stages)
        await cleanVariants(connection, join(task.workDir, 'variants'), object.key, sql, stages)
      }
    } finally {
      session.close()
    }
  } finally {
    await test.close()
    rmSync(storageRoot, { recursive: true, force: true })
  }
  const ms = stages.filter((s) => s.variant !== true).reduce((sum, s) => sum + s.ms, 0)
  return { ms, rows, stages }
}

type Timer = <T>(stage: string, work: () => Promise<T>, note?: (value: T) => string) => Promise<T>

async function profileKpis(
  catalog: Catalog,
  connection: DuckDBConnection,
  range: { min: string; max: string },
  stages: StageTiming[],
  time: Timer,
  getPut: () => number,
  setPut: (ms: number) => void,
): Promise<void> {
  const window = await time('KPI: day window', () => localDayWindow(connection, 'UTC', range.min, range.max, 1), (w) => `${w.days.length} days`)
  const snapshot = await time('KPI: ensure tables, catalog views, snapshot', async () => {
    for (const table of Object.values(KPI_TABLES)) await ensureTable(catalog, table)
    await createCatalogViews(connection, catalog)
    return latestSnapshotId(catalog)
  })
  const staging = join(catalog.stagingDir, `kpi-${randomUUID()}`)
  try {
    const add: StagedFile[] = []
    for (const grain of ['hour', 'day'] as const) {
      const dir = join(staging, grain)
      mkdirSync(dir, { recursive: true })
      const select = kpiSql({ grain, plantTz: 'UTC', from: window.from, to: window.to })
      await time(`KPI ${grain}: COPY … PARTITION_BY (day) (query + write)`, () =>
        connection.run(
          `COPY (SELECT * FROM (${select}) WHERE strftime(day, '%Y-%m-%d') IN (${window.days.map((d) => `'${d}'`).join(', ')}))
           TO '${dir}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day), WRITE_PARTITION_COLUMNS true)`,
        ))
      const files = await time(`KPI ${grain}: row count per file (parquet_file_metadata)`, () => countFiles(connection, dir, KPI_TABLES[grain].name), (f) => `${f.length} files`)
      add.push(...files)
    }
    // What the KPI queries cost without the partitioned write, and what reading the clean view costs.
    for (const [stage, statement] of [
      ['KPI hour query alone (count(*), no write)', `SELECT count(*) FROM (${kpiSql({ grain: 'hour', plantTz: 'UTC', from: window.from, to: window.to })})`],
      ['scan of the view mes.production_counts (merge on read)', `SELECT count(*), sum(good_count) FROM mes.production_counts`],
    ] as const) {
      const started = performance.now()
      await connection.runAndReadAll(statement)
      stages.push({ stage, ms: performance.now() - started, variant: true })
    }
    setPut(0)
    const started = performance.now()
    await commit(catalog, {
      operation: 'rebuild',
      add,
      remove: Object.values(KPI_TABLES).map((table) => ({ table: table.name, partitions: window.days })),
      lineage: Object.values(KPI_TABLES).flatMap((table) =>
        DATASET_NAMES.map((dataset) => ({ table: table.name, sourceKind: 'table' as const, source: `mes.${dataset}`, sourceVersion: `snapshot ${snapshot}`, detail: `days ${window.days[0]}..${window.days.at(-1)}` })),
      ),
      summary: { kpiDays: window.days },
    })
    const commitMs = performance.now() - started
    stages.push({ stage: `KPI commit: copy ${add.length} files into storage`, ms: getPut() })
    stages.push({ stage: 'KPI commit: app-db transaction, remove staged files', ms: commitMs - getPut() })
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Variants of stageRaw's COPY over the CSV, each on its own, to show what it is made of. */
async function csvVariants(connection: DuckDBConnection, path: string, dir: string, sql: { typed: string[]; reason: string }, stages: StageTiming[]): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const file = quoteLiteral(path)
  const variants: [string, string][] = [
    ['read_csv → parquet (snappy), = reference', `COPY (FROM read_csv(${file})) TO '${dir}/a.parquet' (FORMAT parquet)`],
    ['read_csv → parquet zstd', `COPY (FROM read_csv(${file})) TO '${dir}/b.parquet' (FORMAT parquet, COMPRESSION zstd)`],
    ['read_csv all_varchar → parquet zstd', `COPY (FROM read_csv(${file}, all_varchar = true, header = true)) TO '${dir}/c.parquet' (FORMAT parquet, COMPRESSION zstd)`],
    [
      '… + store_rejects',
      `COPY (FROM read_csv(${file}, all_varchar = true, header = true, store_rejects = true, rejects_table = 'rv', rejects_scan = 'rvs')) TO '${dir}/d.parquet' (FORMAT parquet, COMPRESSION zstd)`,
    ],
    [
      '… + row_number() OVER () (= stageRaw w/o lineage)',
      `COPY (SELECT row_number() OVER () AS _row, * FROM read_csv(${file}, all_varchar = true, header = true, store_rejects = true, rejects_table = 'rv2', rejects_scan = 'rvs2')) TO '${dir}/e.parquet' (FORMAT parquet, COMPRESSION zstd)`,
    ],
    [
      'one pass: cleaning SQL straight over read_csv (no raw file, no _row)',
      `COPY (SELECT ${sql.typed.join(', ')} FROM read_csv(${file}, all_varchar = true, header = true, store_rejects = true, rejects_table = 'rv3', rejects_scan = 'rvs3') r WHERE (${sql.reason}) IS NULL) TO '${dir}/f.parquet' (FORMAT parquet, COMPRESSION zstd)`,
    ],
  ]
  for (const [stage, statement] of variants) {
    const started = performance.now()
    await connection.run(statement)
    stages.push({ stage, ms: performance.now() - started, variant: true })
  }
  rmSync(dir, { recursive: true, force: true })
}

/** Variants of the clean COPY: what its rule checks and its compression cost. */
async function cleanVariants(connection: DuckDBConnection, dir: string, key: string, sql: { typed: string[]; reason: string }, stages: StageTiming[]): Promise<void> {
  mkdirSync(dir, { recursive: true })
  // The committed raw file is the one the product's clean COPY read.
  const raw = `(SELECT * FROM mes_raw_bench) r`
  await connection.run(`CREATE TEMP VIEW mes_raw_bench AS SELECT * FROM raw.production_counts WHERE _source = ${quoteLiteral(key)}`)
  const variants: [string, string][] = [
    ['clean COPY as the product (from the raw view)', `COPY (SELECT ${sql.typed.join(', ')}, r._source, r._source_modified, r._row FROM ${raw} WHERE (${sql.reason}) IS NULL) TO '${dir}/g.parquet' (FORMAT parquet, COMPRESSION zstd)`],
    ['clean COPY without the rule checks (no WHERE)', `COPY (SELECT ${sql.typed.join(', ')}, r._source, r._source_modified, r._row FROM ${raw}) TO '${dir}/h.parquet' (FORMAT parquet, COMPRESSION zstd)`],
    ['rule checks alone (count(*) WHERE reason IS NULL)', `SELECT count(*) FROM ${raw} WHERE (${sql.reason}) IS NULL`],
  ]
  for (const [stage, statement] of variants) {
    const started = performance.now()
    await connection.run(statement)
    stages.push({ stage, ms: performance.now() - started, variant: true })
  }
  rmSync(dir, { recursive: true, force: true })
}

// --- private helpers of the product, copied ---

async function copyCount(connection: DuckDBConnection, select: string, file: string): Promise<number> {
  const result = await connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`)
  return Number(result.getRowObjectsJson()[0]?.Count ?? 0)
}

async function eventTimeRange(connection: DuckDBConnection, file: string, column: string): Promise<{ min: string; max: string } | undefined> {
  const result = await connection.runAndReadAll(
    `SELECT strftime(min(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS lo, strftime(max(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS hi FROM read_parquet(${quoteLiteral(file)})`,
  )
  const row = result.getRowObjectsJson()[0]
  if (row?.lo === null || row?.lo === undefined) return undefined
  return { min: String(row.lo), max: String(row.hi) }
}

function stagedPath(catalog: Catalog): string {
  return join(catalog.stagingDir, `${randomUUID()}.parquet`)
}

async function localDayWindow(connection: DuckDBConnection, tz: string, min: string, max: string, extraDays: number): Promise<{ days: string[]; from: string; to: string }> {
  const zone = `'${tz.replaceAll("'", "''")}'`
  const iso = (expr: string): string => `strftime(${expr} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')`
  const result = await connection.runAndReadAll(`
    WITH bounds AS (
      SELECT (TIMESTAMPTZ '${min}' AT TIME ZONE ${zone})::DATE AS first_day,
             (TIMESTAMPTZ '${max}' AT TIME ZONE ${zone})::DATE + ${extraDays} AS last_day
    )
    SELECT strftime(first_day, '%Y-%m-%d') AS first_day, strftime(last_day, '%Y-%m-%d') AS last_day,
           ${iso(`(first_day::TIMESTAMP) AT TIME ZONE ${zone}`)} AS from_ts,
           ${iso(`((last_day + 1)::TIMESTAMP) AT TIME ZONE ${zone}`)} AS to_ts
    FROM bounds`)
  const row = result.getRowObjectsJson()[0]!
  const days: string[] = []
  for (let day = new Date(`${row.first_day}T00:00:00Z`); day <= new Date(`${row.last_day}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10))
  }
  return { days, from: String(row.from_ts), to: String(row.to_ts) }
}

async function countFiles(connection: DuckDBConnection, dir: string, table: string): Promise<StagedFile[]> {
  const files: StagedFile[] = []
  for (const folder of readdirSync(dir)) {
    const day = folder.replace(/^day=/, '')
    for (const name of readdirSync(join(dir, folder))) {
      const localFile = join(dir, folder, name)
      const count = await connection.runAndReadAll(`SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata('${localFile}')`)
      files.push({ table, localFile, rowCount: Number(count.getRowObjectsJson()[0]?.n ?? 0), partition: day })
    }
  }
  return files
}
