/**
 * Ingests one MES object: read it once into a typed clean file and a quarantine file (rows that
 * break the contract, naming the rule), keep the object's own bytes as its raw file, and commit
 * the three together with the object's lineage, quality results and ETag in one catalog commit.
 * A file that cannot be read at all is committed as one row of `quarantine.mes_files`, so it is
 * not retried until re-uploaded.
 * The clean and quarantine tables exist already: the run (./ingest-mes.ts) declares them first. */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import {
  commit,
  copyToParquet,
  readerSql,
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
  type UploadedFile,
  uploadFile,
} from '../../catalog/index.ts'
import { kpiDebt } from '../kpi/kpi-debt.ts'
import { gatherSplit, splitRows, writeCleanOnly, writeRejects, type CleanOnly } from './clean-raw.ts'
import { columnSources } from './column-sources.ts'
import { datasets, type DatasetName } from './datasets.ts'
import type { Mapping } from './mapping.ts'
import { classifyObject, type Format } from './layout.ts'
import { fastRelation, rawReader, type RawLineage } from './raw-reader.ts'
import { hasRepeatedKeys } from './repeated-keys.ts'
import { driftCount, driftMessage, DUMP_SCHEMA_CHECK, dumpSchema, hasDrift, schemaDrift, SCHEMA_DRIFT_CHECK, type DumpSchema, type SchemaDrift } from './schema-drift.ts'
import { writeTypedCsv } from './typed-csv.ts'
import { writeTypedParquet } from './typed-parquet.ts'
import { badJsonLines, csvRejects, describeSource, UnreadableFileError, type RejectedLine, type SourceFile } from './source-file.ts'
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

  let file
  try {
    file = await describeSource(context.connection, path, format)
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error
    return quarantineFile(context, object, dataset, error.message)
  }
  const sources = columnSources(datasets[dataset], file.columns, context.mapping?.datasets[dataset]?.columns)
  const seen = dumpSchema(file.columns, file.types)
  const previous = await previousDumpSchema(context.catalog, dataset)
  const drift = schemaDriftEntry(object.key, dataset, schemaDrift(datasets[dataset], sources, seen, previous, context.mapping?.datasets[dataset]?.columns))
  if (sources.missingRequired.length > 0) {
    return quarantineFile(context, object, dataset, `missing required column(s): ${sources.missingRequired.join(', ')}`, [drift])
  }

  const lineage = { key: object.key, etag: object.etag, lastModified: object.lastModified, run: context.runId }
  const cleanFile = stagedPath(context.catalog)
  const quarantineFile_ = stagedPath(context.catalog)
  const options = { sources: sources.columns, run: context.runId, quarantinedAt: context.catalog.clock().toISOString(), cleanFile, quarantineFile: quarantineFile_ }
  // The raw layer is the object itself, read by the same SELECT the rows are read with. Its
  // bytes go to storage while DuckDB reads them; whatever stops the ingestion removes them again.
  const raw = { table: `raw.${dataset}`, localFile: path, foreign: { reader: rawReader(file.kind, file.columns, lineage), extension: extensionOf(object.key) } }
  const rawUpload = uploadFile(context.catalog, raw)
  let read
  try {
    read = await readOnce(context.connection, { path, file, lineage, dataset, format, options })
  } catch (error) {
    await discardUpload(context.catalog, rawUpload)
    if (!(error instanceof UnreadableFileError)) throw error
    return quarantineFile(context, object, dataset, error.message)
  }
  const { accepted, quarantined, rawRows, eventTimes, cleanReader } = read

  const add: StagedFile[] = [{ ...raw, rowCount: rawRows, uploaded: await rawUpload }]
  if (accepted > 0) add.push({ table: `mes.${dataset}`, localFile: cleanFile, rowCount: accepted, reader: cleanReader })
  if (quarantined > 0) add.push({ table: quarantineRowsTable.name, localFile: quarantineFile_, rowCount: quarantined, partition: dataset })
  await registerRawColumns(context.catalog, dataset, file.columns)

  const quality: QualityEntry[] = [
    { table: `mes.${dataset}`, check: 'rows_quarantined', status: quarantined === 0 ? 'pass' : 'warn', observed: quarantined, detail: object.key },
  ]
  // Every dump records its drift (a pass once it matches again, for the pipeline rule to resolve)
  // and its schema, which the next dump of the dataset is compared with.
  quality.push(drift, { table: `mes.${dataset}`, check: DUMP_SCHEMA_CHECK, status: 'pass', observed: file.columns.length, detail: JSON.stringify(seen) })
  if (sources.missingOptional.length > 0) {
    quality.push({ table: `mes.${dataset}`, check: 'missing_columns', status: 'warn', observed: sources.missingOptional.length, detail: `${object.key}: no column(s) ${sources.missingOptional.join(', ')}` })
  }
  const result = await commit(
    context.catalog,
    {
      operation: 'ingest',
      jobRunId: context.runId,
      add,
      lineage: add.map((staged) => ({ table: staged.table, sourceKind: sourceKind(context.sourceName), source: `${context.sourceName}/${object.key}`, sourceVersion: object.etag })),
      quality,
      ingested: [ingestedEntry(context, object, dataset, 'ingested', accepted, quarantined)],
      // The KPIs of these rows' days are owed from this commit on, until a KPI commit pays them.
      owe: kpiDebt([eventTimes]),
      summary: { object: object.key, dataset, rowsAccepted: accepted, rowsQuarantined: quarantined },
    },
    context.effects,
  )
  return { key: object.key, dataset, status: 'ingested', rowsAccepted: accepted, rowsQuarantined: quarantined, eventTimes, snapshotId: result.snapshotId }
}

interface ReadOnceInput {
  path: string
  file: SourceFile
  lineage: RawLineage
  dataset: DatasetName
  format: Format
  options: { sources: ReadonlyMap<string, string>; run: number; quarantinedAt: string; cleanFile: string; quarantineFile: string }
}

interface ReadOnceResult {
  accepted: number
  quarantined: number
  /** Rows the reader could read (what `raw.<dataset>` shows of the object). */
  rawRows: number
  eventTimes?: { min: string; max: string }
  /** How the catalog reads the clean file, when it is not plain Parquet (./clean-raw.ts `cleanFileReader`). */
  cleanReader?: string
}

/**
 * Reads the file once, unnumbered and in parallel, into the clean file — the common case, where
 * every row is clean and every key appears once. Only when a row needs its number — it broke a
 * rule (the quarantine names its line), or a key repeats within the file (the later row wins) —
 * is the file read again, numbered, and split into clean and quarantined rows.
 */
async function readOnce(connection: DuckDBConnection, input: ReadOnceInput): Promise<ReadOnceResult> {
  const { path, file, lineage, dataset, format, options } = input
  const base = { columns: file.columns, key: lineage.key, etag: lineage.etag, dataset, format }
  const numbered = isNumbered(file.kind)
  const typed = await (file.kind === 'parquet' ? writeTypedParquet : writeTypedCsv)(connection, input)
  const { clean, rejects } = typed.outcome === 'clean' ? { clean: typed.clean, rejects: [] } : await writeFromText(connection, input, typed.outcome === 'refused')
  if (clean !== undefined && (numbered || !(await hasRepeatedKeys(connection, options.cleanFile, datasets[dataset].key, datasets[dataset].eventTime)))) {
    const quarantined = await writeRejects(connection, base, options, rejects)
    return { accepted: clean.accepted, quarantined, rawRows: clean.accepted, eventTimes: clean.eventTimes, cleanReader: clean.reader }
  }
  const relation = `(${readerSql(rawReader(file.kind, file.columns, lineage), path)})`
  const split = await splitRows(connection, { ...base, relation, rejects }, options)
  try {
    const counts = await gatherSplit(connection, split, base, options, rejects)
    return { ...counts, rawRows: counts.accepted + counts.quarantined - rejects.length, eventTimes: split.eventTimes }
  } finally {
    split.discard()
  }
}

/**
 * The text read (every column as text, unreadable CSV lines set aside): the clean file when
 * every row passed (tried only when `tryClean`: a row already known to break a rule would stop
 * it), and the lines that could not be read.
 */
async function writeFromText(connection: DuckDBConnection, input: ReadOnceInput, tryClean: boolean): Promise<{ clean: CleanOnly | undefined; rejects: RejectedLine[] }> {
  const { path, file, lineage, dataset, format, options } = input
  const rejectsTable = `rejects_${process.pid}_${++counter}`
  const base = { columns: file.columns, key: lineage.key, etag: lineage.etag, dataset, format }
  const unreadable = (error: unknown): never => {
    throw new UnreadableFileError(`cannot read as ${format}: ${((error as Error).message ?? String(error)).split('\n')[0]}`, { cause: error })
  }
  const relation = fastRelation(file.kind, file.columns, lineage, path, rejectsTable)
  const cleanOptions = { ...options, sourceModified: lineage.lastModified, numbered: isNumbered(file.kind) }
  const clean = tryClean ? await writeCleanOnly(connection, { ...base, relation, rejects: [] }, cleanOptions).catch(unreadable) : undefined
  if (clean === undefined && file.kind === 'csv') {
    // An aborted write stopped reading early: read the whole file for its unreadable lines.
    await connection.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS ${rejectsTable}_scans`)
    await connection.run(`SELECT count(*) FROM ${relation}`).catch(unreadable)
  }
  const rejects = file.kind === 'csv' ? await csvRejects(connection, rejectsTable) : file.kind === 'json-lines' && file.hasBadLines ? await badJsonLines(connection, path, file.kind) : []
  return { clean, rejects }
}

let counter = 0

/** Parquet and JSON arrays come with row numbers that cost nothing (./raw-reader.ts `fastRelation`). */
function isNumbered(kind: SourceFile['kind']): boolean {
  return kind === 'parquet' || kind === 'json-array'
}

/** Removes an upload that no commit will list (a failed upload left nothing). */
async function discardUpload(catalog: Catalog, upload: Promise<UploadedFile>): Promise<void> {
  const uploaded = await upload.catch(() => undefined)
  if (uploaded !== undefined) await catalog.storage.delete([uploaded.key])
}

/** The object's extension as the raw file keeps it (`csv.gz` stays compressed and recognisable). */
function extensionOf(key: string): string {
  const name = key.split('/').at(-1) ?? key
  const lower = name.toLowerCase()
  return lower.endsWith('.csv.gz') ? 'csv.gz' : (lower.split('.').at(-1) ?? 'bin')
}

async function quarantineFile(context: IngestObjectContext, object: StoredObject, dataset: DatasetName | undefined, reason: string, quality: QualityEntry[] = []): Promise<ObjectOutcome> {
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
      quality: [{ table: quarantineFilesTable.name, check: 'file_quarantined', status: 'fail', observed: 1, detail: `${object.key}: ${reason}` }, ...quality],
      ingested: [ingestedEntry(context, object, dataset, 'quarantined', 0, 0)],
      summary: { object: object.key, dataset, quarantined: reason },
    },
    context.effects,
  )
  return { key: object.key, dataset, status: 'quarantined', rowsAccepted: 0, rowsQuarantined: 0, reason, snapshotId: result.snapshotId }
}

/** The schema the dataset's previous ingested dump recorded (undefined for its first). */
async function previousDumpSchema(catalog: Catalog, dataset: DatasetName): Promise<DumpSchema | undefined> {
  const row = await catalog.db.selectFrom('catalog_quality').select('detail').where('table_name', '=', `mes.${dataset}`).where('check_name', '=', DUMP_SCHEMA_CHECK).orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row?.detail == null ? undefined : (JSON.parse(row.detail) as DumpSchema)
}

function schemaDriftEntry(key: string, dataset: DatasetName, drift: SchemaDrift): QualityEntry {
  return { table: `mes.${dataset}`, check: SCHEMA_DRIFT_CHECK, status: hasDrift(drift) ? 'warn' : 'pass', observed: driftCount(drift), detail: driftMessage(dataset, key, drift) }
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
