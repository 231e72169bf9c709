/**
 * Cleans one MES object's raw rows: rows that pass every rule of their dataset go to a clean
 * file (typed columns plus the lineage that orders versions of a key), the rest to a quarantine
 * file naming the first broken rule. Shared by ingestion (a file just read) and the rebuild from
 * raw (an object's rows in `raw.<dataset>`), so both apply the same rules through the same SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { copyToParquet, quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import { cleaningSql } from './cleaning-sql.ts'
import { datasets, type DatasetName } from './datasets.ts'
import type { Format } from './layout.ts'
import type { RejectedLine } from './source-file.ts'

/** One object's rows in the raw layout: its own columns (all text) plus `_row`, `_source`, `_source_modified`. */
export interface RawRows {
  /** A relation over the object's raw rows, e.g. `read_parquet('…')`; the SQL aliases it `r`. */
  relation: string
  /** The object's own columns, in file order (no lineage columns): the quarantined row's JSON. */
  columns: string[]
  key: string
  etag: string
  dataset: DatasetName
  format: Format
  /** Lines the reader could not read; they shift the physical line number of CSV rows. */
  rejects: RejectedLine[]
  /** Canonical columns the relation already holds parsed (a typed CSV read; ./cleaning-sql.ts `sourceType`). */
  parsedBySource?: ReadonlySet<string>
}

export interface CleanRawOptions {
  /** Canonical column → the object's column (./column-sources.ts). */
  sources: ReadonlyMap<string, string>
  /** The run that quarantines the rows; null outside a job run. */
  run: number | null
  quarantinedAt: string
  cleanFile: string
  quarantineFile: string
  /** Also quarantine `rejects` (ingestion); a rebuild keeps the rows it quarantined before. */
  quarantineRejects: boolean
}

export interface CleanRawResult {
  accepted: number
  quarantined: number
}

export async function cleanRaw(connection: DuckDBConnection, rows: RawRows, options: CleanRawOptions): Promise<CleanRawResult> {
  const split = await splitRows(connection, rows, options)
  try {
    return await gatherSplit(connection, split, rows, options, options.quarantineRejects ? rows.rejects : [])
  } finally {
    split.discard()
  }
}

/** Rows split into a folder of clean and a folder of quarantined files (./gatherSplit makes one file of each). */
export interface Split {
  clean: string
  quarantine: string
  /** The clean rows' event-time range (from the write's own statistics). */
  eventTimes?: { min: string; max: string }
  /** Some rows broke a rule. */
  hasQuarantined: boolean
  discard(): void
}

/**
 * One pass over the rows: the rules run once, and DuckDB splits good rows from bad into two
 * partition folders. Each file also carries the other side's columns (NULL or constant, so
 * they cost next to nothing); each table's view reads only its own columns.
 */
export async function splitRows(connection: DuckDBConnection, rows: RawRows, options: Pick<CleanRawOptions, 'sources' | 'run' | 'quarantinedAt' | 'cleanFile'>): Promise<Split> {
  const spec = datasets[rows.dataset]
  const sql = cleaningSql(spec, options.sources)
  const prepared = `(SELECT r.*${sql.prepare.map((e) => `, ${e}`).join('')} FROM ${withSkippedLines(rows)} r)`
  const typed = sql.typed.map((item) => item.replace(/ AS "((?:[^"]|"")+)"$/, ' AS "__t_$1"'))
  const checked = `(SELECT ${typed.join(', ')}, ${lineOf(rows.format, rows.rejects)} AS __line, ${sql.reason} AS __reason, r.* FROM ${prepared} r)`
  const rowJson = `to_json(struct_pack(${rows.columns.map((c) => `${quoteIdent(c)} := c.${quoteIdent(c)}`).join(', ')}))::VARCHAR`
  const dir = `${options.cleanFile}.parts`
  rmSync(dir, { recursive: true, force: true })
  const discard = (): void => rmSync(dir, { recursive: true, force: true })
  const written = await connection.runAndReadAll(
    `COPY (
       SELECT ${spec.columns.map((column) => `c.${quoteIdent(`__t_${column.name}`)} AS ${quoteIdent(column.name)}`).join(', ')},
              c._source, c._source_modified, c._row,
              ${constants(rows)}, c._row AS row_number, c.__line AS line,
              CASE WHEN c.__reason IS NOT NULL THEN ${rowJson} END AS raw, c.__reason AS reason, ${quarantineTail(options)},
              CASE WHEN c.__reason IS NULL THEN 'clean' ELSE 'quarantine' END AS _part
       FROM ${checked} c
     ) TO ${quoteLiteral(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part), OVERWRITE_OR_IGNORE true, RETURN_STATS true)`,
  ).catch((error: unknown) => {
    discard()
    throw error
  })
  const files = written.getRowObjectsJson().map((row) => ({ file: String(row.filename), stats: row.column_statistics }))
  return {
    clean: join(dir, '_part=clean'),
    quarantine: join(dir, '_part=quarantine'),
    eventTimes: rangeOf(files.filter((f) => f.file.includes('_part=clean')).map((f) => f.stats), spec.eventTime),
    hasQuarantined: files.some((f) => f.file.includes('_part=quarantine')),
    discard,
  }
}

/** What `writeCleanOnly` wrote: every row was clean. */
export interface CleanOnly {
  accepted: number
  eventTimes?: { min: string; max: string }
  /** How the catalog reads the file: it holds the typed columns (and `_row`) only (./cleanFileReader). */
  reader: string
}

const BROKE_A_RULE = 'a row broke a cleaning rule'

/**
 * The common case in one plain write: every row is clean, so the clean file is all there is.
 * It holds the typed columns, and `_row` when the rows are `numbered` (Parquet, JSON arrays:
 * their numbers cost nothing, and order versions of a key repeated within the object); `reader`
 * adds the rest of the lineage (./cleanFileReader).
 * Snappy, not zstd: about a tenth faster to write and a quarter larger (docs/decisions.md);
 * compaction rewrites the table with zstd.
 * The first row that breaks a rule aborts the write (DuckDB evaluates the right side of OR
 * only for rows the left side rejects) and the answer is undefined: split the rows instead.
 */
export async function writeCleanOnly(
  connection: DuckDBConnection,
  rows: RawRows,
  options: Pick<CleanRawOptions, 'sources' | 'cleanFile'> & { sourceModified: Date; numbered: boolean },
): Promise<CleanOnly | undefined> {
  const spec = datasets[rows.dataset]
  const sql = cleaningSql(spec, options.sources, 'r', rows.parsedBySource)
  const prepared = `(SELECT r.*${sql.prepare.map((e) => `, ${e}`).join('')} FROM ${rows.relation} r)`
  try {
    const written = await connection.runAndReadAll(
      `COPY (
         SELECT ${sql.typed.join(', ')}${options.numbered ? ', r._row' : ''}
         FROM ${prepared} r WHERE ${sql.reason} IS NULL OR error(${quoteLiteral(BROKE_A_RULE)})
       ) TO ${quoteLiteral(options.cleanFile)} (FORMAT parquet, COMPRESSION snappy, RETURN_STATS true)`,
    )
    const [file] = written.getRowObjectsJson()
    const reader = cleanFileReader({ key: rows.key, lastModified: options.sourceModified }, options.numbered)
    return { accepted: Number(file?.count ?? 0), eventTimes: rangeOf([file?.column_statistics], spec.eventTime), reader }
  } catch (error) {
    rmSync(options.cleanFile, { force: true })
    if ((error as Error).message.includes(BROKE_A_RULE)) return undefined
    throw error
  }
}

/**
 * How the catalog reads a clean file of one object written without its lineage columns: its
 * rows share `_source` and `_source_modified`; `_row`, which orders versions of a key within
 * the object, is in the file when `numbered`, else NULL — such a file's keys are all distinct
 * (./ingest-object.ts checks). As constants on read they cost nothing; written into every row
 * they cost about a seventh of the write (docs/decisions.md).
 */
export function cleanFileReader(source: { key: string; lastModified: Date }, numbered: boolean): string {
  const constants = [`${quoteLiteral(source.key)} AS _source`, `TIMESTAMPTZ ${quoteLiteral(source.lastModified.toISOString())} AS _source_modified`]
  if (!numbered) constants.push('NULL::BIGINT AS _row')
  return `SELECT *, ${constants.join(', ')} FROM read_parquet({path})`
}

/** Writes just `rejects` (unreadable lines) as the quarantine file; returns how many. */
export async function writeRejects(
  connection: DuckDBConnection,
  rows: Pick<RawRows, 'key' | 'etag' | 'dataset'>,
  options: Pick<CleanRawOptions, 'run' | 'quarantinedAt' | 'quarantineFile'>,
  rejects: RejectedLine[],
): Promise<number> {
  return gather(connection, `${options.quarantineFile}.none`, options.quarantineFile, rejectRows(rows, options, rejects))
}

/** The unreadable lines as quarantine rows: one SELECT over lists, however many there are (none: no SELECT). */
function rejectRows(rows: Pick<RawRows, 'key' | 'etag' | 'dataset'>, options: Pick<CleanRawOptions, 'run' | 'quarantinedAt'>, rejects: RejectedLine[]): string[] {
  if (rejects.length === 0) return []
  const list = (values: string[]): string => `[${values.join(', ')}]`
  const lines = list(rejects.map((reject) => `${reject.line}::BIGINT`))
  const texts = list(rejects.map((reject) => quoteLiteral(reject.text)))
  const reasons = list(rejects.map((reject) => quoteLiteral(reject.reason)))
  return [`SELECT ${constants(rows)}, NULL::BIGINT AS row_number, unnest(${lines}) AS line, unnest(${texts}) AS raw, unnest(${reasons}) AS reason, ${quarantineTail(options)}`]
}

/** Makes one clean and one quarantine file of a split, adding `rejects` (unreadable lines) to the quarantine. */
export async function gatherSplit(
  connection: DuckDBConnection,
  split: Split,
  rows: Pick<RawRows, 'key' | 'etag' | 'dataset'>,
  options: Pick<CleanRawOptions, 'run' | 'quarantinedAt' | 'cleanFile' | 'quarantineFile'>,
  rejects: RejectedLine[],
): Promise<CleanRawResult> {
  const accepted = await gather(connection, split.clean, options.cleanFile, [])
  const quarantined = await gather(connection, split.quarantine, options.quarantineFile, rejectRows(rows, options, rejects))
  return { accepted, quarantined }
}

function constants(rows: Pick<RawRows, 'key' | 'etag' | 'dataset'>): string {
  return `${quoteLiteral(rows.key)} AS source, ${quoteLiteral(rows.etag)} AS etag, ${quoteLiteral(rows.dataset)} AS dataset`
}

function quarantineTail(options: Pick<CleanRawOptions, 'run' | 'quarantinedAt'>): string {
  return `${options.run ?? 'NULL'}::BIGINT AS run, TIMESTAMPTZ ${quoteLiteral(options.quarantinedAt)} AS quarantined_at`
}

/** min and max of a column over written files' statistics (a MAP of column → MAP of stat → text), as UTC ISO. */
function rangeOf(stats: unknown[], column: string): { min: string; max: string } | undefined {
  const values = stats.flatMap((entry) => {
    const columnStats = mapEntries(entry).find(([name]) => name === quoteIdent(column) || name === column)?.[1]
    const map = new Map(mapEntries(columnStats))
    const [min, max] = [map.get('min'), map.get('max')]
    return typeof min === 'string' && typeof max === 'string' ? [{ min: isoUtc(min), max: isoUtc(max) }] : []
  })
  if (values.length === 0) return undefined
  return { min: values.map((v) => v.min).sort()[0]!, max: values.map((v) => v.max).sort().at(-1)! }
}

function mapEntries(value: unknown): [string, unknown][] {
  if (!Array.isArray(value)) return []
  return value.map((item) => [String((item as { key: unknown }).key), (item as { value: unknown }).value])
}

/** A TIMESTAMPTZ statistic as DuckDB prints it (`2026-01-01 00:00:00+00`) → `2026-01-01T00:00:00Z`. */
function isoUtc(text: string): string {
  const instant = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))
  if (Number.isNaN(instant.getTime())) throw new Error(`cannot read the event-time statistic ${JSON.stringify(text)} of a written clean file`)
  return `${instant.toISOString().slice(0, 19)}Z`
}

const QUARANTINE_COLUMNS = 'source, etag, dataset, row_number, line, raw, reason, run, quarantined_at'

/**
 * Makes one staged file of a partition folder's files (none when the partition had no rows),
 * plus any `extra` quarantine rows; returns its row count.
 */
async function gather(connection: DuckDBConnection, folder: string, file: string, extra: string[]): Promise<number> {
  const files = existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : []
  if (files.length === 1 && extra.length === 0) {
    renameSync(files[0]!, file)
    const count = await connection.runAndReadAll(`SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata(${quoteLiteral(file)})`)
    return Number(count.getRowObjectsJson()[0]?.n ?? 0)
  }
  const parts = files.length === 0 ? [] : [`SELECT ${QUARANTINE_COLUMNS} FROM read_parquet([${files.map(quoteLiteral).join(', ')}])`]
  if (parts.length === 0 && extra.length === 0) return 0
  return copyToParquet(connection, [...parts, ...extra].join('\nUNION ALL '), file)
}

/**
 * The physical line of a data row. CSV: the header is line 1, and the reader skips unreadable
 * lines, so each reject before a row shifts it by one (`__skipped`, from `withSkippedLines`).
 */
function lineOf(format: Format, rejects: RejectedLine[]): string {
  if (format === 'parquet') return 'NULL::BIGINT'
  if (format === 'json') return 'r._row'
  return rejects.length === 0 ? 'r._row + 1' : 'r._row + 1 + r.__skipped'
}

/**
 * The rows with `__skipped`: how many unreadable lines come before each. The j-th reject (0-based)
 * comes before every row numbered above its threshold, line − 2 − j (the readable rows before
 * it); an as-of join finds the count at a row's last threshold, so a file with thousands of bad lines costs a
 * join, not a scan of every reject per row.
 */
function withSkippedLines(rows: Pick<RawRows, 'relation' | 'format' | 'rejects'>): string {
  if (rows.format !== 'csv' || rows.rejects.length === 0) return rows.relation
  const thresholds = rows.rejects.map((reject, j) => reject.line - 2 - j)
  const counted = `SELECT threshold, sum(count(*)) OVER (ORDER BY threshold) AS skipped FROM (SELECT unnest([${thresholds.join(', ')}]) AS threshold) GROUP BY threshold`
  return `(SELECT r.*, coalesce(s.skipped, 0)::BIGINT AS __skipped FROM ${rows.relation} r ASOF LEFT JOIN (${counted}) s ON r._row - 1 >= s.threshold)`
}

/** Range of a column's instants (ISO, UTC) over clean files, for rebuilding the KPIs of those days. */
export async function eventTimeRange(connection: DuckDBConnection, files: string[], column: string): Promise<{ min: string; max: string } | undefined> {
  if (files.length === 0) return undefined
  const result = await connection.runAndReadAll(
    `SELECT strftime(min(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS lo, strftime(max(${quoteIdent(column)}) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS hi FROM read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = true)`,
  )
  const row = result.getRowObjectsJson()[0]
  if (row?.lo === null || row?.lo === undefined) return undefined
  return { min: String(row.lo), max: String(row.hi) }
}
