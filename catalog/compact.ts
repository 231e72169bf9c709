/**
 * Compaction: merges a table's current data files into as few as possible — one per partition,
 * split every `targetRows` rows — in one commit, without changing what the table's view shows.
 * Keyed tables drop the versions the view never shows and keep every column of the rest,
 * including the hidden order columns a later version will be compared with; unkeyed tables keep
 * every row and column. The old files stay in storage for time travel (vacuum deletes only
 * files that no snapshot registered).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Catalog } from './catalog.ts'
import { commit, type CommitEffects, type StagedFile } from './commit.ts'
import { filesRelation, localFiles, type LocalFile } from './file-relation.ts'
import { filesAsOf, latestSnapshotId, type TableFile } from './snapshots.ts'
import { quoteIdent, quoteLiteral } from './sql-text.ts'
import { getTable, type RegisteredTable } from './table-registry.ts'

export interface CompactOptions {
  /** `<schema>.<table>`, e.g. mes.production_counts. */
  table: string
  /** A DuckDB connection that reads the old files and writes the merged ones. */
  connection: DuckDBConnection
  runId?: number
  /** Most rows in one merged file (default 5,000,000). */
  targetRows?: number
  /** Hooks of the commit (a job confirming its lease before the transaction). */
  effects?: CommitEffects
}

export interface CompactResult {
  /** Current files of the table before and after. */
  before: number
  after: number
  /** The compaction's commit; absent when no partition had more than one file. */
  snapshotId?: number
}

export const DEFAULT_TARGET_ROWS = 5_000_000

/** Added to number the merged rows into files; never written (it is the write's partition column). */
const CHUNK = '__compact_chunk'

export async function compactTable(catalog: Catalog, options: CompactOptions): Promise<CompactResult> {
  const targetRows = options.targetRows ?? DEFAULT_TARGET_ROWS
  if (!Number.isSafeInteger(targetRows) || targetRows < 1) {
    throw new Error(`cannot compact ${options.table}: targetRows must be a positive integer, got ${targetRows}`)
  }
  const table = await getTable(catalog, options.table)
  if (table === undefined) throw new Error(`cannot compact ${options.table}: no such table in the catalog`)
  // The files as of one snapshot: lineage names it, and the commit removes exactly these files,
  // so files another job commits meanwhile are left alone.
  const snapshot = await latestSnapshotId(catalog)
  const files = await filesAsOf(catalog, table.name, snapshot)
  const groups = [...groupByPartition(files).values()].filter((group) => group.length > 1)
  if (groups.length === 0) return { before: files.length, after: files.length }

  const staging = join(catalog.stagingDir, `compact-${randomUUID()}`)
  try {
    const add: StagedFile[] = []
    for (const [index, group] of groups.entries()) {
      const paths = await localFiles(catalog, group)
      const partition = group[0]!.partition ?? undefined
      add.push(...(await writeMerged(options.connection, join(staging, String(index)), table, paths, { targetRows, partition })))
    }
    const removed = groups.flat()
    const result = await commit(
      catalog,
      {
        operation: 'compact',
        jobRunId: options.runId,
        add,
        remove: [{ table: table.name, fileIds: removed.map((file) => file.id) }],
        lineage: [
          { table: table.name, sourceKind: 'table', source: table.name, sourceVersion: `snapshot ${snapshot}`, detail: `${removed.length} files merged into ${add.length}` },
        ],
        summary: { table: table.name, filesMerged: removed.length, filesWritten: add.length, rowsBefore: rowsOf(removed), rowsAfter: rowsOf(add) },
      },
      options.effects,
    )
    return { before: files.length, after: files.length - removed.length + add.length, snapshotId: result.snapshotId }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** The rows merged files must hold for the table's view (./views.ts) to show what it shows over `paths`. */
export function compactionSql(table: Pick<RegisteredTable, 'key' | 'orderBy'>, paths: ReadonlyArray<string | LocalFile>): string {
  const files = filesRelation(paths)
  const key = table.key ?? []
  const order = table.orderBy ?? []
  // Unkeyed, the view shows every row. Keyed but unordered, it shows an arbitrary version of
  // each key, so dropping any version could change what it shows.
  if (key.length === 0 || order.length === 0) return `SELECT * FROM ${files}`
  // rank, not row_number: versions tied for latest all stay, so the view still chooses among
  // the same rows. The ORDER BY is the view's, NULL placement included.
  const latestFirst = order.map((column) => `${quoteIdent(column)} DESC`).join(', ')
  return `SELECT * FROM ${files} QUALIFY rank() OVER (PARTITION BY ${key.map((column) => quoteIdent(column)).join(', ')} ORDER BY ${latestFirst}) = 1`
}

function groupByPartition(files: TableFile[]): Map<string | null, TableFile[]> {
  const groups = new Map<string | null, TableFile[]>()
  for (const file of files) {
    const group = groups.get(file.partition)
    if (group === undefined) groups.set(file.partition, [file])
    else group.push(file)
  }
  return groups
}

/**
 * Writes the merged rows of one partition into `dir`. Numbering the rows into chunks of
 * `targetRows` and partitioning the write by chunk splits a large partition in one pass.
 */
async function writeMerged(
  connection: DuckDBConnection,
  dir: string,
  table: RegisteredTable,
  paths: LocalFile[],
  options: { targetRows: number; partition?: string },
): Promise<StagedFile[]> {
  mkdirSync(dir, { recursive: true })
  const numbered = `SELECT *, (row_number() OVER () - 1) // ${options.targetRows} AS ${CHUNK} FROM (${compactionSql(table, paths)})`
  let rows: number
  try {
    const copied = await connection.runAndReadAll(`COPY (${numbered}) TO ${quoteLiteral(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${CHUNK}))`)
    rows = Number(copied.getRowObjectsJson()[0]?.Count ?? 0)
  } catch (error) {
    throw new Error(`cannot compact ${table.name}${options.partition === undefined ? '' : ` partition ${options.partition}`}: ${(error as Error).message}`, { cause: error })
  }
  // No rows, no files: the glob below would find nothing and fail.
  if (rows === 0) return []
  const written = await connection.runAndReadAll(
    `SELECT file_name, sum(num_rows)::BIGINT AS n FROM parquet_file_metadata(${quoteLiteral(join(dir, '**', '*.parquet'))}) GROUP BY file_name ORDER BY file_name`,
  )
  return written.getRowObjectsJson().map((row) => ({ table: table.name, localFile: String(row.file_name), rowCount: Number(row.n), partition: options.partition }))
}

function rowsOf(files: { rowCount: number }[]): number {
  return files.reduce((sum, file) => sum + file.rowCount, 0)
}
