/** Writes the result of a SELECT to one Parquet file (zstd), the form every catalog data file has. */
import type { DuckDBConnection } from '@duckdb/node-api'
import { quoteLiteral } from './sql-text.ts'

/** Returns the number of rows written. */
export async function copyToParquet(connection: DuckDBConnection, select: string, file: string): Promise<number> {
  const result = await connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`)
  return Number(result.getRowObjectsJson()[0]?.Count ?? 0)
}
