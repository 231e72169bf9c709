/**
 * Keyed tables are merge-on-read: their files may hold superseded versions of a key, which our
 * views hide with a window (catalog/views.ts). Iceberg's equivalent is a positional delete file
 * listing (file_path, pos) of every hidden row; engines then skip exactly those rows. Computed
 * by DuckDB with the views' own window over the files as of a snapshot, so both show the same
 * rows (incrementally when the snapshot only added files: see DeleteIncrement). Ties in the order columns (identical versions) are broken towards the later file and
 * row, deterministically. Equality deletes would avoid the scan but need a "keep the latest"
 * rule Iceberg does not have: an equality delete removes every older row with the key, which
 * is right only if later files always hold the winner — not so for a late, older re-export.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { rmSync } from 'node:fs'
import { quoteIdent, quoteLiteral } from '../sql-text.ts'

export interface DeleteSource {
  /** The file's local path, where DuckDB reads it. */
  localPath: string
  /** The file's URI as the Iceberg manifests name it. */
  uri: string
}

/** Iceberg's reserved field ids for a position delete file's columns. */
const FILE_PATH_ID = 2147483546
const POS_ID = 2147483545

/**
 * Since the previous snapshot, files were only added: its delete file (local path; none if it had
 * none) still holds, and only keys the added files hold can have changed their latest version.
 */
export interface DeleteIncrement {
  added: readonly DeleteSource[]
  previous?: string
}

/**
 * Writes the delete file to `target`; returns how many rows it deletes (0: no file written).
 * With an increment, only the versions of keys in the added files are ranked — a semi-join whose
 * key range DuckDB pushes into the Parquet scans, so row groups of other keys (older readings)
 * are skipped by their statistics — and the result is added to the previous delete file.
 */
export async function writePositionDeletes(
  connection: DuckDBConnection,
  table: { key: readonly string[]; orderBy?: readonly string[] },
  files: readonly DeleteSource[],
  target: string,
  increment?: DeleteIncrement,
): Promise<number> {
  if (files.length === 0 || table.key.length === 0) return 0
  const paths = files.map((f) => quoteLiteral(f.localPath)).join(', ')
  const uris = files.map((f) => `(${quoteLiteral(f.localPath)}, ${quoteLiteral(f.uri)})`).join(', ')
  const partition = table.key.map((column) => `r.${quoteIdent(column)}`).join(', ')
  const order = [...(table.orderBy ?? []).map((column) => `r.${quoteIdent(column)} DESC`), 'r.filename DESC', 'r.file_row_number DESC'].join(', ')
  const superseded = `
    SELECT u.uri AS file_path, r.file_row_number AS pos
    FROM read_parquet([${paths}], union_by_name = true, filename = true, file_row_number = true) r
    JOIN (VALUES ${uris}) u(local, uri) ON r.filename = u.local
    ${increment === undefined ? '' : changedKeys(table.key, increment.added)}
    QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) > 1`
  const all = increment?.previous === undefined ? superseded : `SELECT file_path, pos FROM read_parquet(${quoteLiteral(increment.previous)}) UNION SELECT * FROM (${superseded})`
  const written = await connection.runAndReadAll(
    `COPY (SELECT file_path, pos::BIGINT AS pos FROM (${all}) ORDER BY file_path, pos)
     TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd, FIELD_IDS {file_path: ${FILE_PATH_ID}, pos: ${POS_ID}})`,
  )
  const n = Number(written.getRowObjectsJson()[0]?.Count ?? 0)
  // One pass: an empty result still wrote a file, which no manifest will name.
  if (n === 0) rmSync(target, { force: true })
  return n
}

/** Restricts the ranking to keys the added files hold (NULL keys included, as the views group them). */
function changedKeys(key: readonly string[], added: readonly DeleteSource[]): string {
  if (added.length === 0) return 'WHERE false'
  const columns = key.map(quoteIdent).join(', ')
  const paths = added.map((f) => quoteLiteral(f.localPath)).join(', ')
  const on = key.map((column) => `r.${quoteIdent(column)} IS NOT DISTINCT FROM a.${quoteIdent(column)}`).join(' AND ')
  return `SEMI JOIN (SELECT DISTINCT ${columns} FROM read_parquet([${paths}], union_by_name = true)) a ON ${on}`
}
