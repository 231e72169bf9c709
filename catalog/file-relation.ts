/**
 * How DuckDB reads a table's data files. Most are Parquet, read together with `read_parquet`;
 * a file registered with a reader (the raw layer keeps source objects as their own bytes: CSV,
 * JSON, …) is read by its own SELECT, and the parts are combined by column name. Views,
 * compaction and rebuilds all read files through here, so they all see the same rows.
 */
import type { Catalog } from './catalog.ts'
import type { TableFile } from './snapshots.ts'
import { quoteLiteral } from './sql-text.ts'

/** A data file on local disk; `reader` is a SELECT with a `{path}` placeholder, or null for Parquet. */
export interface LocalFile {
  path: string
  reader: string | null
}

/** The local paths of catalog files (fetched into the read cache when the catalog is on S3). */
export async function localFiles(catalog: Catalog, files: readonly TableFile[]): Promise<LocalFile[]> {
  return Promise.all(files.map(async (file) => ({ path: await catalog.storage.localPath(file.path), reader: file.reader })))
}

/** The SELECT that reads one file with its registered reader. */
export function readerSql(reader: string, path: string): string {
  if (!reader.includes('{path}')) throw new Error(`file reader ${JSON.stringify(reader.slice(0, 80))} has no {path} placeholder`)
  return reader.replaceAll('{path}', quoteLiteral(path))
}

/** A relation over all the files (a plain string is a Parquet file's path); at least one file. */
export function filesRelation(files: ReadonlyArray<string | LocalFile>): string {
  if (files.length === 0) throw new Error('filesRelation needs at least one file')
  const all = files.map((file) => (typeof file === 'string' ? { path: file, reader: null } : file))
  const parquet = all.filter((file) => file.reader === null).map((file) => file.path)
  const parquetRelation = `read_parquet([${parquet.map(quoteLiteral).join(', ')}], union_by_name = true)`
  const others = all.flatMap((file) => (file.reader === null ? [] : [readerSql(file.reader, file.path)]))
  if (others.length === 0) return parquetRelation
  const parts = [...(parquet.length === 0 ? [] : [`SELECT * FROM ${parquetRelation}`]), ...others.map((select) => `(${select})`)]
  return `(${parts.join(' UNION ALL BY NAME ')})`
}
