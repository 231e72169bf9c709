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
import type { RejectedLine } from './stage-raw.ts'

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
  const spec = datasets[rows.dataset]
  const sql = cleaningSql(spec, options.sources)
  const prepared = `(SELECT r.*${sql.prepare.map((e) => `, ${e}`).join('')} FROM ${rows.relation} r)`
  const typed = sql.typed.map((item) => item.replace(/ AS "((?:[^"]|"")+)"$/, ' AS "__t_$1"'))
  const checked = `(SELECT ${typed.join(', ')}, ${lineOf(rows.format, rows.rejects)} AS __line, ${sql.reason} AS __reason, r.* FROM ${prepared} r)`
  const rowJson = `to_json(struct_pack(${rows.columns.map((c) => `${quoteIdent(c)} := c.${quoteIdent(c)}`).join(', ')}))::VARCHAR`
  const common = `${quoteLiteral(rows.key)} AS source, ${quoteLiteral(rows.etag)} AS etag, ${quoteLiteral(rows.dataset)} AS dataset`
  const tail = `${options.run ?? 'NULL'}::BIGINT AS run, TIMESTAMPTZ ${quoteLiteral(options.quarantinedAt)} AS quarantined_at`
  // One pass over the rows: the rules run once, and DuckDB splits good rows from bad into two
  // partition folders. Each file also carries the other side's columns (NULL or constant, so
  // they cost next to nothing); each table's view reads only its own columns.
  const dir = `${options.cleanFile}.parts`
  await connection.run(
    `COPY (
       SELECT ${spec.columns.map((column) => `c.${quoteIdent(`__t_${column.name}`)} AS ${quoteIdent(column.name)}`).join(', ')},
              c._source, c._source_modified, c._row,
              ${common}, c._row AS row_number, c.__line AS line,
              CASE WHEN c.__reason IS NOT NULL THEN ${rowJson} END AS raw, c.__reason AS reason, ${tail},
              CASE WHEN c.__reason IS NULL THEN 'clean' ELSE 'quarantine' END AS _part
       FROM ${checked} c
     ) TO ${quoteLiteral(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part), OVERWRITE_OR_IGNORE true)`,
  )
  try {
    const accepted = await gather(connection, join(dir, '_part=clean'), options.cleanFile, [])
    const rejects = (options.quarantineRejects ? rows.rejects : []).map(
      (reject) => `SELECT ${common}, NULL::BIGINT AS row_number, ${reject.line}::BIGINT AS line, ${quoteLiteral(reject.text)} AS raw, ${quoteLiteral(reject.reason)} AS reason, ${tail}`,
    )
    const quarantined = await gather(connection, join(dir, '_part=quarantine'), options.quarantineFile, rejects)
    return { accepted, quarantined }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
 * The physical line of a data row. CSV: header is line 1 and unreadable lines are skipped by
 * the reader, so each reject before a row shifts it by one. Threshold j is the number of
 * readable rows before the j-th reject.
 */
function lineOf(format: Format, rejects: RejectedLine[]): string {
  if (format === 'parquet') return 'NULL::BIGINT'
  if (format === 'json') return 'r._row'
  if (rejects.length === 0) return 'r._row + 1'
  const thresholds = rejects.map((reject, j) => reject.line - 2 - j)
  return `r._row + 1 + len(list_filter([${thresholds.join(', ')}], t -> t <= r._row - 1))`
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
