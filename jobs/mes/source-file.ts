/**
 * What an MES source file is before its rows are read: its layout (./raw-reader.ts) and its
 * columns, found by DuckDB without a full pass (a CSV header, a Parquet schema), except for
 * JSON, whose keys can only be known by reading every object. A file that cannot be read at all
 * throws `UnreadableFileError`; lines that cannot be read are `RejectedLine`s for the quarantine.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { quoteLiteral } from '../../catalog/index.ts'
import type { Format } from './layout.ts'
import { JSON_LINE_OK, jsonLines, LINEAGE_NAMES, rawKind, type CsvDialect, type RawKind } from './raw-reader.ts'

export interface RejectedLine {
  line: number
  reason: string
  text: string
}

export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError'
}

export interface SourceFile {
  kind: RawKind
  /** The file's own columns, in file order (JSON: its keys, sorted). */
  columns: string[]
  /** JSON lines only: the file has lines that are not JSON objects (found while collecting keys). */
  hasBadLines: boolean
  /** CSV only: the dialect DuckDB's sniffer found, so that a typed read splits lines the same way. */
  dialect?: CsvDialect
  /**
   * Each column's DuckDB type: Parquet's schema, so that a typed read knows which it can hand over
   * as they are; for CSV what the sniffer guesses from its sample (only schema drift reads it).
   */
  types?: Record<string, string>
}

export async function describeSource(connection: DuckDBConnection, path: string, format: Format): Promise<SourceFile> {
  if (path.endsWith('.gz')) await assertIntactGzip(path)
  else if (format !== 'parquet') assertUtf8Text(path)
  const kind = rawKind(format, format === 'json' ? firstCharacter(path) : '')
  try {
    if (kind === 'csv') return await sniffCsv(connection, path)
    if (kind === 'parquet') return { kind, ...(await describedColumns(connection, `read_parquet(${quoteLiteral(path)})`)), hasBadLines: false }
    return await jsonKeys(connection, path, kind)
  } catch (error) {
    throw new UnreadableFileError(describe(format, error), { cause: error })
  }
}

async function describedColumns(connection: DuckDBConnection, relation: string): Promise<{ columns: string[]; types: Record<string, string> }> {
  const result = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`)
  const described = result.getRowObjectsJson().filter((row) => !LINEAGE_NAMES.has(String(row.column_name)))
  return { columns: described.map((row) => String(row.column_name)), types: Object.fromEntries(described.map((row) => [String(row.column_name), String(row.column_type)])) }
}

/** One sniff of the CSV reader that reads the file as text: its columns and its dialect. */
async function sniffCsv(connection: DuckDBConnection, path: string): Promise<SourceFile> {
  const result = await connection.runAndReadAll(`SELECT * FROM sniff_csv(${quoteLiteral(path)}, all_varchar = true, header = true, ignore_errors = true)`)
  const row = result.getRowObjectsJson()[0] ?? {}
  const option = (name: string): string => (row[name] === '(empty)' || row[name] === null || row[name] === undefined ? '' : String(row[name]))
  const columns = (row.Columns as { name: string }[]).map((column) => column.name).filter((name) => !LINEAGE_NAMES.has(name))
  const dialect = { delim: option('Delimiter'), quote: option('Quote'), escape: option('Escape'), newLine: option('NewLineDelimiter'), comment: option('Comment'), skip: Number(row.SkipRows ?? 0) }
  return { kind: 'csv', columns, hasBadLines: false, dialect, types: await sniffedTypes(connection, path, columns) }
}

/** The sniffer's types of a CSV's columns (its sample's), for schema drift; none when it cannot tell. */
async function sniffedTypes(connection: DuckDBConnection, path: string, columns: readonly string[]): Promise<Record<string, string> | undefined> {
  try {
    const result = await connection.runAndReadAll(`SELECT Columns FROM sniff_csv(${quoteLiteral(path)}, header = true, ignore_errors = true)`)
    const typed = (result.getRowObjectsJson()[0]?.Columns ?? []) as { name: string; type: string }[]
    const byName = new Map(typed.map((column) => [column.name, column.type]))
    return Object.fromEntries(columns.flatMap((name) => (byName.has(name) ? [[name, byName.get(name)!]] : [])))
  } catch {
    return undefined
  }
}

/** One pass collects the keys and notices bad lines (a NULL key, which no JSON object has, marks them). */
async function jsonKeys(connection: DuckDBConnection, path: string, kind: 'json-lines' | 'json-array'): Promise<SourceFile> {
  const lines = `(${jsonLines(kind, false).replaceAll('{path}', quoteLiteral(path))})`
  const result = await connection.runAndReadAll(
    `SELECT DISTINCT unnest(CASE WHEN ok THEN json_keys(line) ELSE [NULL::VARCHAR] END) AS k
     FROM (SELECT line, ${JSON_LINE_OK} AS ok FROM ${lines}) WHERE ok IS NOT NULL ORDER BY k`,
  )
  const keys = result.getRowObjectsJson().map((row) => row.k)
  return { kind, columns: keys.flatMap((key) => (key === null || LINEAGE_NAMES.has(String(key)) ? [] : [String(key)])), hasBadLines: keys.includes(null) }
}

/** The lines of a JSON-lines file that are not JSON objects, numbered (a second, serial pass). */
export async function badJsonLines(connection: DuckDBConnection, path: string, kind: 'json-lines' | 'json-array'): Promise<RejectedLine[]> {
  const lines = `(${jsonLines(kind, true).replaceAll('{path}', quoteLiteral(path))})`
  const result = await connection.runAndReadAll(
    `SELECT _row, line, json_valid(line) AS is_json FROM (SELECT _row, line, ${JSON_LINE_OK} AS ok FROM ${lines}) WHERE ok = false ORDER BY _row`,
  )
  return result.getRowObjectsJson().map((row) => ({
    line: Number(row._row),
    reason: row.is_json === true ? 'JSON line is not an object' : 'malformed JSON line',
    text: String(row.line),
  }))
}

/** The unreadable lines a CSV read recorded in its rejects table. */
export async function csvRejects(connection: DuckDBConnection, rejectsTable: string): Promise<RejectedLine[]> {
  const rejects = await connection.runAndReadAll(`SELECT line, error_message, csv_line FROM ${rejectsTable} ORDER BY line`)
  await connection.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS ${rejectsTable}_scans`)
  return rejects.getRowObjectsJson().map((row) => ({
    line: Number(row.line),
    reason: `malformed CSV line: ${String(row.error_message)}`,
    text: String(row.csv_line ?? '').replace(/^\r?\n/, ''),
  }))
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

function firstCharacter(path: string): string {
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

/**
 * DuckDB's CSV reader, told to set bad lines aside, also reads past a damaged gzip stream —
 * turning the damage into thousands of garbage "lines" — and stops quietly at a truncated one.
 * One pass through zlib first makes such a file what it is: unreadable as a whole.
 */
async function assertIntactGzip(path: string): Promise<void> {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() })
  try {
    await pipeline(createReadStream(path), createGunzip(), discard)
  } catch (error) {
    throw new UnreadableFileError(`damaged gzip file: ${(error as Error).message}`, { cause: error })
  }
}

function describe(format: Format, error: unknown): string {
  const message = (error as Error).message.split('\n')[0] ?? String(error)
  return `cannot read as ${format}: ${message}`
}
