/**
 * Parquet's fastest path to the clean file: columns stored as integers, doubles or timestamps
 * reach the rules as they are, instead of being printed as text (as `raw.<dataset>` shows them)
 * and parsed back. Only where that round trip gives back exactly the same value: integers and
 * doubles as DOUBLE (DuckDB prints a double so that it reads back the same), timestamps with or
 * without a zone as TIMESTAMPTZ (a naive one in the plant's zone either way). FLOAT, DECIMAL,
 * DATE, nanosecond timestamps and text stay on the text way. ./typed-parquet.test.ts holds both
 * reads side by side.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { typedParquetRelation } from './raw-reader.ts'
import { typedColumns, writeTyped, type TypedReadInput, type TypedReadResult } from './typed-read.ts'

const EXACT_AS: Record<string, ReadonlySet<string>> = {
  DOUBLE: new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'DOUBLE']),
  TIMESTAMPTZ: new Set(['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE']),
}

export async function writeTypedParquet(connection: DuckDBConnection, input: TypedReadInput): Promise<TypedReadResult> {
  const { path, file, lineage } = input
  const fileTypes = file.types
  if (file.kind !== 'parquet' || fileTypes === undefined) return { outcome: 'refused' }
  const { types, parsedBySource } = typedColumns(input, (_column, source, type) => EXACT_AS[type]?.has(fileTypes[source] ?? '') === true)
  // Nothing stored typed: the text read is the same work.
  if (parsedBySource.size === 0) return { outcome: 'refused' }
  const relation = typedParquetRelation(file.columns, types, lineage, path)
  return writeTyped(connection, input, { relation, format: 'parquet', numbered: true, parsedBySource })
}
