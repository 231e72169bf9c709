/**
 * Reads one MES file with DuckDB into a staged raw Parquet file: every column as text, plus
 * `_row`, the row's number in the file, and constant lineage columns (1-based data row; for JSON lines, the line). Rows
 * that cannot be read at all (a CSV line with the wrong number of fields, a malformed JSON
 * line) are returned as rejects with their line number, for the quarantine.
 * A file that cannot be read at all throws `UnreadableFileError`.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { closeSync, openSync, readSync } from 'node:fs'
import { copyToParquet, quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import type { Format } from './layout.ts'

export interface RejectedLine {
  line: number
  reason: string
  text: string
}

export interface StagedRaw {
  rowCount: number
  /** Source column names, as in the file. */
  columns: string[]
  rejects: RejectedLine[]
}

export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError'
}

let counter = 0

/** Column names the ingestion itself adds; a source column of the same name would be shadowed. */
const LINEAGE_NAMES = new Set(['_row', '_source', '_etag', '_source_modified', '_run'])

export interface StageRawOptions {
  path: string
  format: Format
  stagedFile: string
  /** Constant lineage columns appended to every row, e.g. `'orders/a.csv' AS _source`. */
  lineage: string[]
}

export async function stageRaw(connection: DuckDBConnection, options: StageRawOptions): Promise<StagedRaw> {
  const id = `${process.pid}_${++counter}`
  const extra = options.lineage.map((column) => `, ${column}`).join('')
  const { path, format, stagedFile } = options
  if (format !== 'parquet' && !path.endsWith('.gz')) assertUtf8Text(path)
  try {
    if (format === 'csv') return await stageCsv(connection, path, stagedFile, extra, id)
    if (format === 'parquet') return await stageParquet(connection, path, stagedFile, extra)
    return await stageJson(connection, path, stagedFile, extra, id)
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error
    throw new UnreadableFileError(describe(format, error), { cause: error })
  }
}

async function stageCsv(connection: DuckDBConnection, path: string, stagedFile: string, extra: string, id: string): Promise<StagedRaw> {
  const rejectsTable = `rejects_${id}`
  const source = `read_csv(${quoteLiteral(path)}, all_varchar = true, header = true, store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = 'scans_${id}')`
  const rowCount = await copyToParquet(connection, `SELECT row_number() OVER () AS _row, *${extra} FROM ${source}`, stagedFile)
  const rejects = await connection.runAndReadAll(`SELECT line, error_message, csv_line FROM ${rejectsTable} ORDER BY line`)
  await connection.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS scans_${id}`)
  return {
    rowCount,
    columns: await stagedColumns(connection, stagedFile),
    rejects: rejects.getRowObjectsJson().map((row) => ({
      line: Number(row.line),
      reason: `malformed CSV line: ${String(row.error_message)}`,
      text: String(row.csv_line ?? '').replace(/^\r?\n/, ''),
    })),
  }
}

async function stageParquet(connection: DuckDBConnection, path: string, stagedFile: string, extra: string): Promise<StagedRaw> {
  const rowCount = await copyToParquet(connection, `SELECT row_number() OVER () AS _row, COLUMNS(*)::VARCHAR${extra} FROM read_parquet(${quoteLiteral(path)})`, stagedFile)
  return { rowCount, columns: await stagedColumns(connection, stagedFile), rejects: [] }
}

/** NDJSON is read as lines, so a malformed line is one reject; a JSON array is parsed whole. */
async function stageJson(connection: DuckDBConnection, path: string, stagedFile: string, extra: string, id: string): Promise<StagedRaw> {
  const lines = `lines_${id}`
  if (firstByte(path) === '[') {
    await connection.run(
      `CREATE TEMP TABLE ${lines} AS SELECT row_number() OVER () AS _row, value::VARCHAR AS line
       FROM (SELECT unnest(content::JSON::JSON[]) AS value FROM read_text(${quoteLiteral(path)}))`,
    )
  } else {
    await connection.run(
      `CREATE TEMP TABLE ${lines} AS SELECT row_number() OVER () AS _row, regexp_replace(line, '^\uFEFF', '') AS line
       FROM read_csv(${quoteLiteral(path)}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(31), quote = '', escape = '', auto_detect = false)`,
    )
  }
  try {
    // CASE, not AND: DuckDB may evaluate both sides of an AND, and json_type throws on bad JSON.
    await connection.run(
      `ALTER TABLE ${lines} ADD COLUMN ok BOOLEAN; UPDATE ${lines} SET ok = CASE WHEN line IS NULL OR trim(line) = '' THEN NULL WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END`,
    )
    const valid = 'ok'
    const keys = await connection.runAndReadAll(`SELECT DISTINCT unnest(json_keys(line)) AS k FROM ${lines} WHERE ${valid} ORDER BY k`)
    const columns = keys.getRowObjectsJson().map((row) => String(row.k))
    const extract = columns.map((column) => `json_extract_string(line, ${quoteLiteral(`$.${JSON.stringify(column)}`)}) AS ${quoteIdent(column)}`)
    const rowCount = await copyToParquet(connection, `SELECT _row${extract.map((e) => `, ${e}`).join('')}${extra} FROM ${lines} WHERE ${valid} ORDER BY _row`, stagedFile)
    const bad = await connection.runAndReadAll(
      `SELECT _row, line, json_valid(line) AS is_json FROM ${lines} WHERE ok = false ORDER BY _row`,
    )
    const rejects = bad.getRowObjectsJson().map((row) => ({
      line: Number(row._row),
      reason: row.is_json === true ? 'JSON line is not an object' : 'malformed JSON line',
      text: String(row.line),
    }))
    return { rowCount, columns, rejects }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${lines}`)
  }
}

async function stagedColumns(connection: DuckDBConnection, stagedFile: string): Promise<string[]> {
  const result = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(stagedFile)})`)
  return result
    .getRowObjectsJson()
    .map((row) => String(row.column_name))
    .filter((name) => !LINEAGE_NAMES.has(name))
}

function head(path: string, bytes = 4096): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0))
  } finally {
    closeSync(fd)
  }
}

function firstByte(path: string): string {
  return head(path, 256).toString('utf8').replace(/^\uFEFF/, '').trimStart().charAt(0)
}

/**
 * A text file in UTF-16 (or any encoding with NUL bytes) would otherwise read as one garbled
 * column and be quarantined for "missing columns"; name the real problem instead. Files in a
 * single-byte encoding read fine except for their non-ASCII lines, which are quarantined one by one.
 */
function assertUtf8Text(path: string): void {
  const start = head(path)
  const utf16 = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)
  if (utf16 || start.includes(0)) throw new UnreadableFileError('wrong encoding: the file looks like UTF-16 (it has NUL bytes); expected UTF-8')
}

function describe(format: Format, error: unknown): string {
  const message = (error as Error).message.split('\n')[0] ?? String(error)
  return `cannot read as ${format}: ${message}`
}
