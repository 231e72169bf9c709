/**
 * How DuckDB reads one MES source object as raw rows: every column as text, `_row` (the data
 * row's number in the file, 1-based; for JSON lines, the line), and constant lineage columns.
 * The raw layer keeps the object's own bytes and registers `rawReader` as the way to read them,
 * so `raw.<dataset>` shows exactly these rows and a rebuild cleans exactly these rows.
 *
 * Numbering rows (`row_number() OVER ()`) forces DuckDB to read a CSV or JSON-lines file on one
 * thread; ingestion therefore reads such files unnumbered first (`fastRelation`) and only
 * numbers them again when a row needs its number (./ingest-object.ts). Parquet carries its row
 * numbers (`file_row_number`), so it is always numbered.
 */
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'
import type { Format } from './layout.ts'

/** How a file's rows are laid out; JSON is one array or one object per line. */
export type RawKind = 'csv' | 'parquet' | 'json-lines' | 'json-array'

export interface RawLineage {
  key: string
  etag: string
  lastModified: Date
  run: number
}

/** Column names the ingestion itself adds; a source column of the same name would be shadowed. */
export const LINEAGE_NAMES = new Set(['_row', '_source', '_etag', '_source_modified', '_run'])

const LINES = `read_csv({path}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(31), quote = '', escape = '', auto_detect = false)`
/** CASE, not AND: DuckDB may evaluate both sides of an AND, and json_type throws on bad JSON. NULL: a blank line. */
export const JSON_LINE_OK = `CASE WHEN line IS NULL OR trim(line) = '' THEN NULL WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END`

export function rawKind(format: Format, firstCharacter: string): RawKind {
  if (format === 'json') return firstCharacter === '[' ? 'json-array' : 'json-lines'
  return format
}

function lineageColumns(lineage: RawLineage): string {
  return [
    `${quoteLiteral(lineage.key)} AS _source`,
    `${quoteLiteral(lineage.etag)} AS _etag`,
    `TIMESTAMPTZ ${quoteLiteral(lineage.lastModified.toISOString())} AS _source_modified`,
    `${lineage.run}::BIGINT AS _run`,
  ].join(', ')
}

/** The lines of a JSON file (BOM removed), numbered; `{path}` is the file. */
export function jsonLines(kind: 'json-lines' | 'json-array', numbered: boolean): string {
  const row = numbered ? 'row_number() OVER ()' : 'NULL::BIGINT'
  if (kind === 'json-array') return `SELECT row_number() OVER () AS _row, value::VARCHAR AS line FROM (SELECT unnest(content::JSON::JSON[]) AS value FROM read_text({path}))`
  return `SELECT ${row} AS _row, regexp_replace(line, '^\uFEFF', '') AS line FROM ${LINES}`
}

/**
 * The raw rows of a file, as a SELECT with a `{path}` placeholder (what the catalog registers).
 * `columns` are the file's own columns (needed for JSON, whose keys become columns).
 */
export function rawReader(kind: RawKind, columns: readonly string[], lineage: RawLineage): string {
  return rawSelect(kind, columns, lineage, true, `all_varchar = true, header = true, ignore_errors = true`)
}

/**
 * The same rows without numbers, for ingestion's one pass over the file: `_row` is NULL except
 * for Parquet and JSON arrays, whose numbers cost nothing extra. A CSV file's unreadable lines
 * go to `rejectsTable` (with their line numbers).
 */
export function fastRelation(kind: RawKind, columns: readonly string[], lineage: RawLineage, path: string, rejectsTable: string): string {
  const csvOptions = `all_varchar = true, header = true, store_rejects = true, rejects_table = ${quoteLiteral(rejectsTable)}, rejects_scan = ${quoteLiteral(`${rejectsTable}_scans`)}`
  return `(${rawSelect(kind, columns, lineage, false, csvOptions).replaceAll('{path}', quoteLiteral(path))})`
}

/** How a CSV file splits into fields, as DuckDB's sniffer reports it (sniff_csv). */
export interface CsvDialect {
  delim: string
  quote: string
  escape: string
  newLine: string
  comment: string
  skip: number
}

/**
 * The same rows as `fastRelation`, but read by the CSV reader straight into typed columns
 * (`types`: column → DuckDB type, text for the rest), with the sniffed dialect and no sniffing
 * of value formats. Any line it cannot read or value it cannot convert fails the read: it is
 * only for files whose every row is clean, and its caller falls back to the text read.
 */
export function typedCsvRelation(columns: readonly string[], types: ReadonlyMap<string, string>, dialect: CsvDialect, lineage: RawLineage, path: string): string {
  const columnTypes = columns.map((column) => `${quoteLiteral(column)}: ${quoteLiteral(types.get(column) ?? 'VARCHAR')}`).join(', ')
  const options = [
    'header = true',
    'auto_detect = false',
    `delim = ${quoteLiteral(dialect.delim)}`,
    `quote = ${quoteLiteral(dialect.quote)}`,
    `escape = ${quoteLiteral(dialect.escape)}`,
    `new_line = ${quoteLiteral(dialect.newLine)}`,
    `comment = ${quoteLiteral(dialect.comment)}`,
    `skip = ${dialect.skip}`,
    `columns = {${columnTypes}}`,
  ]
  return `(SELECT NULL::BIGINT AS _row, *, ${lineageColumns(lineage)} FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')}))`
}

/**
 * The same rows as `fastRelation` for a Parquet file, numbered, with the columns in `types`
 * cast to that type (from a type the cast keeps exact, ./typed-parquet.ts) and the rest as text.
 */
export function typedParquetRelation(columns: readonly string[], types: ReadonlyMap<string, string>, lineage: RawLineage, path: string): string {
  const select = columns.map((column) => `${types.has(column) ? `CAST(${quoteIdent(column)} AS ${types.get(column)})` : `${quoteIdent(column)}::VARCHAR`} AS ${quoteIdent(column)}`)
  return `(SELECT file_row_number + 1 AS _row, ${select.join(', ')}, ${lineageColumns(lineage)} FROM read_parquet(${quoteLiteral(path)}, file_row_number = true))`
}

function rawSelect(kind: RawKind, columns: readonly string[], lineage: RawLineage, numbered: boolean, csvOptions: string): string {
  const constants = lineageColumns(lineage)
  switch (kind) {
    case 'csv':
      return `SELECT ${numbered ? 'row_number() OVER ()' : 'NULL::BIGINT'} AS _row, *, ${constants} FROM read_csv({path}, ${csvOptions})`
    case 'parquet':
      return `SELECT file_row_number + 1 AS _row, COLUMNS(c -> c <> 'file_row_number')::VARCHAR, ${constants} FROM read_parquet({path}, file_row_number = true)`
    case 'json-lines':
    case 'json-array': {
      const extract = columns.map((column) => `json_extract_string(line, ${quoteLiteral(`$.${JSON.stringify(column)}`)}) AS ${quoteIdent(column)}`)
      return `SELECT _row, ${[...extract, constants].join(', ')} FROM (${jsonLines(kind, numbered)}) WHERE ${JSON_LINE_OK}`
    }
  }
}
