/**
 * Ingests one MES object: read it into a raw file (all text), clean it into a typed file,
 * quarantine what breaks the contract, and commit the three together with the object's
 * lineage, quality results and ETag in one catalog commit. A file that cannot be read at all
 * is committed as one row of `quarantine.mes_files`, so it is not retried until re-uploaded.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import {
  commit,
  ensureTable,
  getTable,
  type Catalog,
  type CommitEffects,
  type QualityEntry,
  type StagedFile,
  type Storage,
  type StoredObject,
} from '../../catalog/index.ts'
import { cleaningSql, quoteIdent, quoteLiteral } from './cleaning-sql.ts'
import { columnSources } from './column-sources.ts'
import { datasets, type DatasetName } from './datasets.ts'
import { classifyObject } from './layout.ts'
import type { Mapping } from './mapping.ts'
import { stageRaw, UnreadableFileError, type RejectedLine } from './stage-raw.ts'
import { cleanTable, quarantineFilesTable, quarantineRowsTable, rawTable, RAW_LINEAGE_COLUMNS } from './tables.ts'

export interface IngestObjectContext {
  catalog: Catalog
  source: Storage
  /** How lineage names the source, e.g. s3://mes-dumps/daily or the landing folder. */
  sourceName: string
  connection: DuckDBConnection
  runId: number
  mapping?: Mapping
  effects?: CommitEffects
}

export interface ObjectOutcome {
  key: string
  dataset?: DatasetName
  status: 'ingested' | 'quarantined'
  rowsAccepted: number
  rowsQuarantined: number
  reason?: string
  /** Range of the accepted rows' event times (ISO), for rebuilding the KPIs of those days. */
  eventTimes?: { min: string; max: string }
  snapshotId: number
}

export async function ingestObject(context: IngestObjectContext, object: StoredObject): Promise<ObjectOutcome> {
  const classification = classifyObject(object.key, context.mapping)
  if ('error' in classification) return quarantineFile(context, object, undefined, classification.error)
  const { dataset, format } = classification
  const path = await context.source.localPath(object.key, object.etag)

  const rawFile = stagedPath(context.catalog)
  const lineage = [
    `${quoteLiteral(object.key)} AS _source`,
    `${quoteLiteral(object.etag)} AS _etag`,
    `TIMESTAMPTZ ${quoteLiteral(object.lastModified.toISOString())} AS _source_modified`,
    `${context.runId}::BIGINT AS _run`,
  ]
  let staged
  try {
    staged = await stageRaw(context.connection, { path, format, stagedFile: rawFile, lineage })
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error
    return quarantineFile(context, object, dataset, error.message)
  }

  const sources = columnSources(datasets[dataset], staged.columns, context.mapping?.datasets[dataset]?.columns)
  if (sources.missingRequired.length > 0) {
    return quarantineFile(context, object, dataset, `missing required column(s): ${sources.missingRequired.join(', ')}`)
  }

  const cleanFile = stagedPath(context.catalog)
  const quarantineFile_ = stagedPath(context.catalog)
  const sql = cleaningSql(datasets[dataset], sources.columns)
  const raw = `read_parquet(${quoteLiteral(rawFile)}) r`
  const accepted = await copyCount(
    context.connection,
    `SELECT ${sql.typed.join(', ')}, r._source, r._source_modified, r._row FROM ${raw} WHERE (${sql.reason}) IS NULL`,
    cleanFile,
  )
  const rowJson = `to_json(struct_pack(${staged.columns.map((c) => `${quoteIdent(c)} := r.${quoteIdent(c)}`).join(', ')}))::VARCHAR`
  const common = `${quoteLiteral(object.key)} AS source, ${quoteLiteral(object.etag)} AS etag, ${quoteLiteral(dataset)} AS dataset`
  const tail = `${context.runId}::BIGINT AS run, TIMESTAMPTZ ${quoteLiteral(context.catalog.clock().toISOString())} AS quarantined_at`
  const quarantined = await copyCount(
    context.connection,
    [
      `SELECT ${common}, r._row AS row_number, ${lineOf(format, staged.rejects)} AS line, ${rowJson} AS raw, ${sql.reason} AS reason, ${tail}`,
      `FROM ${raw} WHERE (${sql.reason}) IS NOT NULL`,
      ...staged.rejects.map(
        (reject) =>
          `UNION ALL SELECT ${common}, NULL::BIGINT, ${reject.line}, ${quoteLiteral(reject.text)}, ${quoteLiteral(reject.reason)}, ${tail}`,
      ),
    ].join('\n'),
    quarantineFile_,
  )
  const eventTimes = await eventTimeRange(context.connection, cleanFile, datasets[dataset].eventTime)

  const add: StagedFile[] = [
    { table: `raw.${dataset}`, localFile: rawFile, rowCount: staged.rowCount },
    { table: `mes.${dataset}`, localFile: cleanFile, rowCount: accepted },
  ]
  if (quarantined > 0) add.push({ table: quarantineRowsTable.name, localFile: quarantineFile_, rowCount: quarantined })
  await registerRawColumns(context.catalog, dataset, staged.columns)
  await ensureTable(context.catalog, cleanTable(dataset))
  await ensureTable(context.catalog, quarantineRowsTable)

  const quality: QualityEntry[] = [
    { table: `mes.${dataset}`, check: 'rows_quarantined', status: quarantined === 0 ? 'pass' : 'warn', observed: quarantined, detail: object.key },
  ]
  if (sources.extra.length > 0) {
    quality.push({ table: `mes.${dataset}`, check: 'schema_drift', status: 'warn', observed: sources.extra.length, detail: `${object.key}: extra column(s) ${sources.extra.join(', ')}` })
  }
  if (sources.missingOptional.length > 0) {
    quality.push({ table: `mes.${dataset}`, check: 'missing_columns', status: 'warn', observed: sources.missingOptional.length, detail: `${object.key}: no column(s) ${sources.missingOptional.join(', ')}` })
  }
  const result = await commit(
    context.catalog,
    {
      operation: 'ingest',
      jobRunId: context.runId,
      add,
      lineage: add.map((file) => ({ table: file.table, sourceKind: sourceKind(context.sourceName), source: `${context.sourceName}/${object.key}`, sourceVersion: object.etag })),
      quality,
      ingested: [ingestedEntry(context, object, dataset, 'ingested', accepted, quarantined)],
      summary: { object: object.key, dataset, rowsAccepted: accepted, rowsQuarantined: quarantined },
    },
    context.effects,
  )
  return { key: object.key, dataset, status: 'ingested', rowsAccepted: accepted, rowsQuarantined: quarantined, eventTimes, snapshotId: result.snapshotId }
}

async function quarantineFile(context: IngestObjectContext, object: StoredObject, dataset: DatasetName | undefined, reason: string): Promise<ObjectOutcome> {
  await ensureTable(context.catalog, quarantineFilesTable)
  const file = stagedPath(context.catalog)
  const values = [
    quoteLiteral(object.key),
    quoteLiteral(object.etag),
    dataset === undefined ? 'NULL::VARCHAR' : quoteLiteral(dataset),
    `${object.size}::BIGINT`,
    quoteLiteral(reason),
    `${context.runId}::BIGINT`,
    `TIMESTAMPTZ ${quoteLiteral(context.catalog.clock().toISOString())}`,
  ]
  const names = quarantineFilesTable.columns.map((column) => quoteIdent(column.name))
  await copyCount(context.connection, `SELECT ${values.map((value, i) => `${value} AS ${names[i]}`).join(', ')}`, file)
  const result = await commit(
    context.catalog,
    {
      operation: 'ingest',
      jobRunId: context.runId,
      add: [{ table: quarantineFilesTable.name, localFile: file, rowCount: 1 }],
      lineage: [{ table: quarantineFilesTable.name, sourceKind: sourceKind(context.sourceName), source: `${context.sourceName}/${object.key}`, sourceVersion: object.etag }],
      quality: [{ table: quarantineFilesTable.name, check: 'file_quarantined', status: 'fail', observed: 1, detail: `${object.key}: ${reason}` }],
      ingested: [ingestedEntry(context, object, dataset, 'quarantined', 0, 0)],
      summary: { object: object.key, dataset, quarantined: reason },
    },
    context.effects,
  )
  return { key: object.key, dataset, status: 'quarantined', rowsAccepted: 0, rowsQuarantined: 0, reason, snapshotId: result.snapshotId }
}

/** The raw table keeps every column ever seen; a new column bumps its schema version. */
async function registerRawColumns(catalog: Catalog, dataset: DatasetName, columns: string[]): Promise<void> {
  const existing = await getTable(catalog, `raw.${dataset}`)
  const lineageNames = new Set(RAW_LINEAGE_COLUMNS.map((column) => column.name))
  const known = (existing?.columns ?? []).map((column) => column.name).filter((name) => !lineageNames.has(name))
  const merged = [...known, ...columns.filter((name) => !known.includes(name))]
  await ensureTable(catalog, rawTable(dataset, merged))
}

/**
 * The physical line of a data row. CSV: header is line 1 and unreadable lines are skipped by
 * the reader, so each reject before a row shifts it by one. Threshold j is the number of
 * readable rows before the j-th reject.
 */
function lineOf(format: string, rejects: RejectedLine[]): string {
  if (format === 'parquet') return 'NULL::BIGINT'
  if (format === 'json') return 'r._row'
  if (rejects.length === 0) return 'r._row + 1'
  const thresholds = rejects.map((reject, j) => reject.line - 2 - j)
  return `r._row + 1 + len(list_filter([${thresholds.join(', ')}], t -> t <= r._row - 1))`
}

async function eventTimeRange(connection: DuckDBConnection, file: string, column: string): Promise<{ min: string; max: string } | undefined> {
  const result = await connection.runAndReadAll(
    `SELECT strftime(min(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS lo, strftime(max(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS hi FROM read_parquet(${quoteLiteral(file)})`,
  )
  const row = result.getRowObjectsJson()[0]
  if (row?.lo === null || row?.lo === undefined) return undefined
  return { min: String(row.lo), max: String(row.hi) }
}

async function copyCount(connection: DuckDBConnection, select: string, file: string): Promise<number> {
  const result = await connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`)
  return Number(result.getRowObjectsJson()[0]?.Count ?? 0)
}

function stagedPath(catalog: Catalog): string {
  return join(catalog.stagingDir, `${randomUUID()}.parquet`)
}

function sourceKind(sourceName: string): 's3-object' | 'local-file' {
  return sourceName.startsWith('s3://') ? 's3-object' : 'local-file'
}

function ingestedEntry(context: IngestObjectContext, object: StoredObject, dataset: DatasetName | undefined, status: 'ingested' | 'quarantined', accepted: number, quarantined: number) {
  return {
    source: context.sourceName,
    key: object.key,
    etag: object.etag,
    lastModified: object.lastModified.toISOString(),
    size: object.size,
    dataset,
    status,
    rowsAccepted: accepted,
    rowsQuarantined: quarantined,
  }
}
