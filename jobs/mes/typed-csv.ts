/**
 * CSV's fastest path to the clean file: DuckDB's reader parses numbers and timestamps itself,
 * as its plain CSV-to-Parquet conversion does, and the cleaning rules run on those values —
 * no text round trip. It succeeds only for a file whose every line reads, every value converts
 * and every row is clean; for anything else ingestion takes the text read, which names each bad
 * line and rule. For the files it accepts, it writes exactly the
 * rows the text read would (./typed-csv.test.ts holds the two side by side).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { writeCleanOnly, type CleanOnly, type CleanRawOptions } from './clean-raw.ts'
import { sourceType } from './cleaning-sql.ts'
import { datasets, type DatasetName } from './datasets.ts'
import { typedCsvRelation, type RawLineage } from './raw-reader.ts'
import type { SourceFile } from './source-file.ts'

export interface TypedCsvInput {
  path: string
  file: SourceFile
  lineage: RawLineage
  dataset: DatasetName
  options: Pick<CleanRawOptions, 'sources' | 'cleanFile'>
}

/**
 * `clean`: written. `rule-broken`: a row broke a rule — the text read finds it too, so it need
 * not try to write a clean file either. `refused`: not a CSV with a dialect, or a line or value
 * did not read.
 */
export type TypedCsvResult = { outcome: 'clean'; clean: CleanOnly } | { outcome: 'rule-broken' | 'refused' }

export async function writeTypedCsv(connection: DuckDBConnection, input: TypedCsvInput): Promise<TypedCsvResult> {
  const { path, file, lineage, dataset, options } = input
  if (file.kind !== 'csv' || file.dialect === undefined) return { outcome: 'refused' }
  const types = new Map<string, string>()
  const parsedBySource = new Set<string>()
  const uses = [...options.sources.values()]
  for (const column of datasets[dataset].columns) {
    const source = options.sources.get(column.name)
    const type = sourceType(column)
    // A file column that feeds two canonical columns stays text for both.
    if (source === undefined || type === 'VARCHAR' || uses.filter((use) => use === source).length > 1) continue
    types.set(source, type)
    parsedBySource.add(column.name)
  }
  const relation = typedCsvRelation(file.columns, types, file.dialect, lineage, path)
  const rows = { columns: file.columns, key: lineage.key, etag: lineage.etag, dataset, format: 'csv' as const, relation, rejects: [], parsedBySource }
  // Whatever stops it — a line, a value, a rule — the text read finds again and names.
  return writeCleanOnly(connection, rows, { ...options, sourceModified: lineage.lastModified, numbered: false }).then(
    (clean): TypedCsvResult => (clean === undefined ? { outcome: 'rule-broken' } : { outcome: 'clean', clean }),
    (): TypedCsvResult => ({ outcome: 'refused' }),
  )
}
