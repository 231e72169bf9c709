/**
 * Writes the result of a SELECT to one Parquet file, the form every catalog data file has: zstd,
 * or Snappy for files written often and compacted later (cheaper to write, a little larger).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { quoteLiteral } from './sql-text.ts'

/** Returns the number of rows written. */
export async function copyToParquet(connection: DuckDBConnection, select: string, file: string, compression: 'zstd' | 'snappy' = 'zstd'): Promise<number> {
  const result = await connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION ${compression})`)
  return Number(result.getRowObjectsJson()[0]?.Count ?? 0)
}
