/**
 * CSV's fastest path to the clean file: DuckDB's reader parses numbers and timestamps itself,
 * as its plain CSV-to-Parquet conversion does, and the cleaning rules run on those values —
 * no text round trip. It succeeds only for a file whose every line reads, every value converts
 * and every row is clean; for anything else ingestion takes the text read, which names each bad
 * line and rule. For the files it accepts, it writes exactly the
 * rows the text read would (./typed-csv.test.ts holds the two side by side).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { typedCsvRelation } from './raw-reader.ts'
import { typedColumns, writeTyped, type TypedReadInput, type TypedReadResult } from './typed-read.ts'

export async function writeTypedCsv(connection: DuckDBConnection, input: TypedReadInput): Promise<TypedReadResult> {
  const { path, file, lineage } = input
  if (file.kind !== 'csv' || file.dialect === undefined) return { outcome: 'refused' }
  // The reader parses every number and required timestamp it is given a type for.
  const { types, parsedBySource } = typedColumns(input, () => true)
  const relation = typedCsvRelation(file.columns, types, file.dialect, lineage, path)
  return writeTyped(connection, input, { relation, format: 'csv', numbered: false, parsedBySource })
}
