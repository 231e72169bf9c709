/**
 * What the typed reads share (./typed-csv.ts, ./typed-parquet.ts): the reader hands some
 * canonical columns over already parsed — numbers as DOUBLE, required timestamps as
 * TIMESTAMPTZ (./cleaning-sql.ts `sourceType`) — and the same rules run on those values. The
 * read only writes a file whose every row is clean; anything else is left to the text read,
 * which names each bad line and rule.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { writeCleanOnly, type CleanOnly, type CleanRawOptions } from './clean-raw.ts'
import { sourceType } from './cleaning-sql.ts'
import { datasets, type ColumnSpec, type DatasetName } from './datasets.ts'
import type { Format } from './layout.ts'
import type { RawLineage } from './raw-reader.ts'
import type { SourceFile } from './source-file.ts'

export interface TypedReadInput {
  path: string
  file: SourceFile
  lineage: RawLineage
  dataset: DatasetName
  options: Pick<CleanRawOptions, 'sources' | 'cleanFile'>
}

/**
 * `clean`: written. `rule-broken`: a row broke a rule — the text read finds it too, so it need
 * not try to write a clean file either. `refused`: the read does not apply, or a line or value
 * did not read.
 */
export type TypedReadResult = { outcome: 'clean'; clean: CleanOnly } | { outcome: 'rule-broken' | 'refused' }

/** The file columns to read typed (file column → DuckDB type) and the canonical columns they feed. */
export interface TypedColumns {
  types: Map<string, string>
  parsedBySource: Set<string>
}

/**
 * The canonical columns to read typed: those whose type is not text and that `readable` says
 * the reader can hand over exactly as the text rules would parse them.
 */
export function typedColumns(input: TypedReadInput, readable: (column: ColumnSpec, source: string, type: string) => boolean): TypedColumns {
  const { dataset, options } = input
  const types = new Map<string, string>()
  const parsedBySource = new Set<string>()
  const uses = [...options.sources.values()]
  for (const column of datasets[dataset].columns) {
    const source = options.sources.get(column.name)
    const type = sourceType(column)
    // A file column that feeds two canonical columns stays text for both.
    if (source === undefined || type === 'VARCHAR' || uses.filter((use) => use === source).length > 1) continue
    if (!readable(column, source, type)) continue
    types.set(source, type)
    parsedBySource.add(column.name)
  }
  return { types, parsedBySource }
}

/** Writes the clean file from the typed `relation` when every row is clean. */
export async function writeTyped(connection: DuckDBConnection, input: TypedReadInput, read: { relation: string; format: Format; numbered: boolean; parsedBySource: Set<string> }): Promise<TypedReadResult> {
  const { file, lineage, dataset, options } = input
  const rows = { columns: file.columns, key: lineage.key, etag: lineage.etag, dataset, format: read.format, relation: read.relation, rejects: [], parsedBySource: read.parsedBySource }
  // Whatever stops it — a line, a value, a rule — the text read finds again and names.
  return writeCleanOnly(connection, rows, { ...options, sourceModified: lineage.lastModified, numbered: read.numbered }).then(
    (clean): TypedReadResult => (clean === undefined ? { outcome: 'rule-broken' } : { outcome: 'clean', clean }),
    (): TypedReadResult => ({ outcome: 'refused' }),
  )
}
