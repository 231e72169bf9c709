/**
 * Rebuilds a derived table from what the catalog already holds, never from the source:
 * `mes.<dataset>` and that dataset's rule-broken rows of `quarantine.mes_rows` from the
 * dataset's raw files (after a cleaning rule or the mapping changed, or clean files were lost),
 * then the KPIs of every day the dataset covers. Raw files are only read. Lines the reader could
 * not read never reached raw, so their quarantine rows are carried over as they are.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { commit, copyToParquet, ensureTable, filesAsOf, filesRelation, latestSnapshotId, localFiles, quoteLiteral, type Catalog, type LocalFile, type StagedFile, type TableFile } from '../../catalog/index.ts'
import { KPI_TABLES } from '../kpi/build-kpis.ts'
import { kpiDebt, payKpiDebt } from '../kpi/kpi-debt.ts'
import { cleanRaw, eventTimeRange } from './clean-raw.ts'
import { columnSources } from './column-sources.ts'
import { DATASET_NAMES, datasets, isDatasetName, type DatasetName } from './datasets.ts'
import { formatOf } from './layout.ts'
import type { Mapping } from './mapping.ts'
import type { RejectedLine } from './source-file.ts'
import { cleanTable, quarantineRowsTable, RAW_LINEAGE_COLUMNS } from './tables.ts'

export interface RebuildOptions {
  catalog: Catalog
  /** A DuckDB session whose TimeZone is `plantTz`: naive MES times are plant-local. */
  connection: DuckDBConnection
  plantTz: string
  runId?: number
  /** The mapping to clean with now (it may differ from the one the rows were ingested with). */
  mapping?: Mapping
}

export interface RebuildDatasetOptions extends RebuildOptions {
  dataset: DatasetName
}

export interface DatasetRebuild {
  kind: 'dataset'
  dataset: DatasetName
  snapshotId: number
  /** Source objects whose raw rows were cleaned again. */
  objects: number
  rowsAccepted: number
  rowsQuarantined: number
  /** Quarantined unreadable lines carried over unchanged. */
  rejectsKept: number
  kpiDays: string[]
}

export interface KpiRebuild {
  kind: 'kpi'
  kpiDays: string[]
}

export async function rebuildDataset(options: RebuildDatasetOptions): Promise<DatasetRebuild> {
  const { catalog, connection, dataset } = options
  await assertPlantTimeZone(connection, options.plantTz)
  // As in ingestion: every clean table exists, so the KPI build never misses a view.
  for (const table of [...DATASET_NAMES.map(cleanTable), quarantineRowsTable]) await ensureTable(catalog, table)
  // Everything is read as of one snapshot and the commit removes exactly the files read, so a
  // commit that lands meanwhile is neither lost nor duplicated.
  const snapshot = await latestSnapshotId(catalog)
  const rawFiles = await filesAsOf(catalog, `raw.${dataset}`, snapshot)
  const cleanFiles = await filesAsOf(catalog, `mes.${dataset}`, snapshot)
  // Quarantine files carry their dataset as partition; files from before that carry none.
  const quarantineFiles = (await filesAsOf(catalog, quarantineRowsTable.name, snapshot)).filter((file) => file.partition === dataset || file.partition === null)

  const staging = join(catalog.stagingDir, `rebuild-${randomUUID()}`)
  mkdirSync(staging, { recursive: true })
  try {
    const kept = await keepQuarantineRows(options, await localPaths(catalog, quarantineFiles), staging)
    const cleaned = await cleanRawFiles(options, await localFiles(catalog, rawFiles), kept.rejects, staging)
    const eventTimes = await eventTimeRange(
      connection,
      [...(await localPaths(catalog, cleanFiles)), ...cleaned.add.filter((file) => file.table === `mes.${dataset}`).map((file) => file.localFile)],
      datasets[dataset].eventTime,
    )
    const result = await commit(catalog, {
      operation: 'rebuild',
      jobRunId: options.runId,
      add: [...cleaned.add, ...kept.add],
      remove: [
        { table: `mes.${dataset}`, fileIds: cleanFiles.map((file) => file.id) },
        { table: quarantineRowsTable.name, fileIds: quarantineFiles.map((file) => file.id) },
      ],
      lineage: [`mes.${dataset}`, quarantineRowsTable.name].map((table) => ({
        table,
        sourceKind: 'table' as const,
        source: `raw.${dataset}`,
        sourceVersion: `snapshot ${snapshot}`,
        detail: `rebuild of ${dataset} from raw`,
      })),
      quality: [
        { table: `mes.${dataset}`, check: 'rows_quarantined', status: cleaned.quarantined === 0 ? 'pass' : 'warn', observed: cleaned.quarantined, detail: `rebuild from raw.${dataset}` },
      ],
      // Old and new event times both: a day whose rows all moved to quarantine needs its KPIs cleared.
      owe: kpiDebt([eventTimes]),
      summary: { dataset, objects: cleaned.objects, rowsAccepted: cleaned.accepted, rowsQuarantined: cleaned.quarantined, rejectsKept: kept.rejectCount },
    })
    const kpiDays = (await payKpiDebt({ catalog, connection, plantTz: options.plantTz, runId: options.runId })) ?? []
    return {
      kind: 'dataset',
      dataset,
      snapshotId: result.snapshotId,
      objects: cleaned.objects,
      rowsAccepted: cleaned.accepted,
      rowsQuarantined: cleaned.quarantined,
      rejectsKept: kept.rejectCount,
      kpiDays,
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Rebuilds `mes.<dataset>` (with its quarantine rows and KPIs) or a KPI table (all days of MES data). */
export async function rebuildTable(options: RebuildOptions & { table: string }): Promise<DatasetRebuild | KpiRebuild> {
  const [schema, name = ''] = options.table.split('.')
  if (schema === 'mes' && isDatasetName(name)) return rebuildDataset({ ...options, dataset: name })
  const kpiTables = Object.values(KPI_TABLES).map((table) => table.name)
  if (kpiTables.includes(options.table)) return { kind: 'kpi', kpiDays: await rebuildAllKpis(options) }
  const derived = [...DATASET_NAMES.map((dataset) => `mes.${dataset}`), ...kpiTables].join(', ')
  throw new Error(`cannot rebuild ${options.table}: only derived tables can be rebuilt (${derived}); quarantine rows are rebuilt with their mes table, raw tables are the record of what was read`)
}

/** Both KPI tables (they are built together) for every day of the current MES data; pays every KPI debt. */
async function rebuildAllKpis(options: RebuildOptions): Promise<string[]> {
  await assertPlantTimeZone(options.connection, options.plantTz)
  return (await payKpiDebt({ catalog: options.catalog, connection: options.connection, plantTz: options.plantTz, runId: options.runId, everything: true })) ?? []
}

interface Kept {
  add: StagedFile[]
  /** The dataset's unreadable lines by object (`key\0etag`): they shift CSV line numbers. */
  rejects: Map<string, RejectedLine[]>
  rejectCount: number
}

/**
 * Carries over every row of the replaced quarantine files except the dataset's rule-broken
 * ones: its unreadable lines (recognised by having no row number — they never became a raw row)
 * and, in files from before quarantine files were partitioned, other datasets' rows, which are
 * rewritten into their own dataset's partition.
 */
async function keepQuarantineRows(options: RebuildDatasetOptions, paths: string[], staging: string): Promise<Kept> {
  const kept: Kept = { add: [], rejects: new Map(), rejectCount: 0 }
  if (paths.length === 0) return kept
  const { connection, dataset } = options
  const rows = `(SELECT * FROM read_parquet([${paths.map(quoteLiteral).join(', ')}], union_by_name = true) WHERE dataset IS DISTINCT FROM ${quoteLiteral(dataset)} OR row_number IS NULL)`
  const names = (await connection.runAndReadAll(`SELECT DISTINCT dataset FROM ${rows} ORDER BY dataset`)).getRowObjectsJson().map((row) => String(row.dataset))
  for (const name of names) {
    const localFile = join(staging, `${randomUUID()}.parquet`)
    const rowCount = await copyToParquet(connection, `SELECT * FROM ${rows} WHERE dataset = ${quoteLiteral(name)}`, localFile)
    kept.add.push({ table: quarantineRowsTable.name, localFile, rowCount, partition: name })
  }
  const rejects = await connection.runAndReadAll(
    `SELECT source, etag, line, reason, raw FROM ${rows} WHERE dataset = ${quoteLiteral(dataset)} ORDER BY source, etag, line`,
  )
  for (const row of rejects.getRowObjectsJson()) {
    const key = `${String(row.source)}\0${String(row.etag)}`
    const list = kept.rejects.get(key) ?? []
    list.push({ line: Number(row.line), reason: String(row.reason), text: String(row.raw) })
    kept.rejects.set(key, list)
    kept.rejectCount++
  }
  return kept
}

interface Cleaned {
  add: StagedFile[]
  objects: number
  accepted: number
  quarantined: number
}

/**
 * Cleans the raw rows object by object: an object's columns, mapping and line numbers are its
 * own. A raw file holds one object, or several once compacted; then its columns are the union
 * of theirs, which cleans the same, as a missing column and an empty one both read as NULL.
 */
async function cleanRawFiles(options: RebuildDatasetOptions, files: LocalFile[], rejects: Map<string, RejectedLine[]>, staging: string): Promise<Cleaned> {
  const { catalog, connection, dataset } = options
  const cleaned: Cleaned = { add: [], objects: 0, accepted: 0, quarantined: 0 }
  const lineageNames = new Set(RAW_LINEAGE_COLUMNS.map((column) => column.name))
  for (const local of files) {
    const path = local.path
    // A raw file is the source object itself (read by its registered reader) or, once compacted, Parquet.
    const file = filesRelation([local])
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${file}`)
    const columns = described.getRowObjectsJson().map((row) => String(row.column_name)).filter((name) => !lineageNames.has(name))
    const objects = await connection.runAndReadAll(`SELECT DISTINCT _source, _etag FROM ${file} ORDER BY _source, _etag`)
    for (const object of objects.getRowObjectsJson()) {
      const key = String(object._source)
      const etag = String(object._etag)
      const format = formatOf(key)
      if (format === undefined) throw new Error(`cannot rebuild mes.${dataset}: raw rows of ${key} (${path}) have a source key of no known format`)
      const sources = columnSources(datasets[dataset], columns, options.mapping?.datasets[dataset]?.columns)
      if (sources.missingRequired.length > 0) {
        throw new Error(
          `cannot rebuild mes.${dataset}: with the current mapping, the raw rows of ${key} lack required column(s) ${sources.missingRequired.join(', ')} (columns: ${columns.join(', ')})`,
        )
      }
      const cleanFile = join(staging, `${randomUUID()}.parquet`)
      const quarantineFile = join(staging, `${randomUUID()}.parquet`)
      const counts = await cleanRaw(
        connection,
        {
          relation: `(SELECT * FROM ${file} WHERE _source = ${quoteLiteral(key)} AND _etag = ${quoteLiteral(etag)})`,
          columns,
          key,
          etag,
          dataset,
          format,
          rejects: rejects.get(`${key}\0${etag}`) ?? [],
        },
        { sources: sources.columns, run: options.runId ?? null, quarantinedAt: catalog.clock().toISOString(), cleanFile, quarantineFile, quarantineRejects: false },
      )
      cleaned.objects++
      cleaned.accepted += counts.accepted
      cleaned.quarantined += counts.quarantined
      // Empty files change no query result; leaving them out keeps the table's file count down.
      if (counts.accepted > 0) cleaned.add.push({ table: `mes.${dataset}`, localFile: cleanFile, rowCount: counts.accepted })
      if (counts.quarantined > 0) cleaned.add.push({ table: quarantineRowsTable.name, localFile: quarantineFile, rowCount: counts.quarantined, partition: dataset })
    }
  }
  return cleaned
}

async function localPaths(catalog: Catalog, files: TableFile[]): Promise<string[]> {
  return Promise.all(files.map((file) => catalog.storage.localPath(file.path)))
}

async function assertPlantTimeZone(connection: DuckDBConnection, plantTz: string): Promise<void> {
  const result = await connection.runAndReadAll(`SELECT current_setting('TimeZone') AS tz`)
  const tz = String(result.getRowObjectsJson()[0]?.tz)
  if (tz !== plantTz) {
    throw new Error(`rebuild needs a DuckDB session in the plant's time zone ${plantTz} (naive MES times are plant-local), but the session's TimeZone is ${tz}`)
  }
}
