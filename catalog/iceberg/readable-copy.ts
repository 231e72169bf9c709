/**
 * Iceberg references data files by path and reads them as they are. Most catalog files are plain
 * Parquet and are referenced in place. A file DuckDB reads through a SELECT (MES clean files,
 * whose lineage columns `_source`/`_source_modified` are constants added on read, not stored)
 * has no Iceberg equivalent — per-file constants exist only as identity partition values, which
 * a compacted file spanning many sources cannot have — so the export writes that SELECT's rows
 * once as a Parquet copy under `_iceberg/` and references the copy. Copies are made once per
 * file (file ids never change) and are small: one per MES object.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Catalog } from '../catalog.ts'
import { readerSql } from '../file-relation.ts'
import type { TableFile } from '../snapshots.ts'
import { quoteIdent, quoteLiteral } from '../sql-text.ts'
import type { ColumnDefinition } from '../table-registry.ts'
import { readableCopyKey } from './iceberg-layout.ts'

export interface ReadableFile {
  /** Storage key of the Parquet file Iceberg references (the file itself or its copy). */
  key: string
  rowCount: number
  byteSize: number
  addedSnapshot: number
}

export async function readableFile(catalog: Catalog, connection: DuckDBConnection, table: { name: string; columns: readonly ColumnDefinition[] }, file: TableFile): Promise<ReadableFile> {
  if (file.reader === null) return { key: file.path, rowCount: file.rowCount, byteSize: file.byteSize, addedSnapshot: file.addedSnapshot }
  const known = await catalog.db.selectFrom('iceberg_file_copies').selectAll().where('file_id', '=', file.id).executeTakeFirst()
  if (known !== undefined) return { key: known.path, rowCount: known.row_count, byteSize: known.byte_size, addedSnapshot: file.addedSnapshot }
  const copy = await writeCopy(catalog, connection, table, file)
  await catalog.db
    .insertInto('iceberg_file_copies')
    .values({ file_id: file.id, path: copy.key, row_count: copy.rowCount, byte_size: copy.byteSize })
    .onConflict((oc) => oc.column('file_id').doNothing())
    .execute()
  return { ...copy, addedSnapshot: file.addedSnapshot }
}

async function writeCopy(catalog: Catalog, connection: DuckDBConnection, table: { name: string; columns: readonly ColumnDefinition[] }, file: TableFile): Promise<Omit<ReadableFile, 'addedSnapshot'>> {
  const source = readerSql(file.reader!, await catalog.storage.localPath(file.path))
  // The copy holds the table's columns with their declared types — exactly what the view shows —
  // and the hidden ones the reader adds (MES order columns), which the position deletes need.
  const columns = `* REPLACE (${table.columns.map((c) => `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ')})`
  mkdirSync(catalog.stagingDir, { recursive: true })
  const local = join(catalog.stagingDir, `iceberg-copy-${randomUUID()}.parquet`)
  try {
    const result = await connection.runAndReadAll(`COPY (SELECT ${columns} FROM (${source})) TO ${quoteLiteral(local)} (FORMAT parquet, COMPRESSION zstd)`)
    const rowCount = Number(result.getRowObjectsJson()[0]?.Count ?? 0)
    const key = readableCopyKey(table.name, file.id)
    const byteSize = statSync(local).size
    await catalog.storage.put(key, local)
    return { key, rowCount, byteSize }
  } finally {
    rmSync(local, { force: true })
  }
}
