/**
 * Ingests one MES object: read it into a raw file (all text), clean it into a typed file,
 * quarantine what breaks the contract, and commit the three together with the object's
 * lineage, quality results and ETag in one catalog commit. A file that cannot be read at all
 * is committed as one row of `quarantine.mes_files`, so it is not retried until re-uploaded.
 * The clean and quarantine tables exist already: the run (./ingest-mes.ts) declares them first.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import {
  commit,
  copyToParquet,
  quoteIdent,
  quoteLiteral,
  ensureTable,
  getTable,
  type Catalog,
  type CommitEffects,
  type QualityEntry,
  type StagedFile,
  type Storage,
  type StoredObject,
} from '../../catalog/index.ts'
import { cleanRaw, eventTimeRange } from './clean-raw.ts'
import { columnSources } from './column-sources.ts'
import { datasets, type DatasetName } from './datasets.ts'
import { classifyObject } from './layout.ts'
import type { Mapping } from './mapping.ts'
import { stageRaw, UnreadableFileError } from './stage-raw.ts'
import { quarantineFilesTable, quarantineRowsTable, rawTable, RAW_LINEAGE_COLUMNS } from './tables.ts'

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
  const { accepted, quarantined } = await cleanRaw(
    context.connection,
    { relation: `read_parquet(${quoteLiteral(rawFile)})`, columns: staged.columns, key: object.key, etag: object.etag, dataset, format, rejects: staged.rejects },
    { sources: sources.columns, run: context.runId, quarantinedAt: context.catalog.clock().toISOString(), cleanFile, quarantineFile: quarantineFile_, quarantineRejects: true },
  )
  const eventTimes = accepted === 0 ? undefined : await eventTimeRange(context.connection, [cleanFile], datasets[dataset].eventTime)

  const add: StagedFile[] = [{ table: `raw.${dataset}`, localFile: rawFile, rowCount: staged.rowCount }]
  if (accepted > 0) add.push({ table: `mes.${dataset}`, localFile: cleanFile, rowCount: accepted })
  if (quarantined > 0) add.push({ table: quarantineRowsTable.name, localFile: quarantineFile_, rowCount: quarantined, partition: dataset })
  await registerRawColumns(context.catalog, dataset, staged.columns)

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
  await copyToParquet(context.connection, `SELECT ${values.map((value, i) => `${value} AS ${names[i]}`).join(', ')}`, file)
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
