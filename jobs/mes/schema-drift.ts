/**
 * Schema drift of an MES dump (issue 15's pipeline rule): what changed in a dump's columns, away
 * from the dataset's contract, since the previous dump of the dataset. Only moves away from the
 * contract count — a column the contract lacks that the previous dump did not have, a contract
 * column the previous dump had that this one lacks, a column whose type changed to one its
 * contract kind cannot take — so a dump that comes back to the contract is no drift, and the
 * alert of a drifted dump resolves with the next dump that matches again.
 * Pure: the ingestion (./ingest-object.ts) records each dump's schema and its drift.
 */
import { columnSources, type ColumnSources } from './column-sources.ts'
import type { ColumnKind, DatasetSpec } from './datasets.ts'

/** The quality checks each ingested dump records under `mes.<dataset>`: its drift (pass or warn) and its schema. */
export const SCHEMA_DRIFT_CHECK = 'schema_drift'
export const DUMP_SCHEMA_CHECK = 'dump_schema'

/**
 * The columns one dump had, as recorded for the next dump's comparison: each file column → its
 * type where the format tells it (Parquet's schema, the CSV sniffer), `null` otherwise (JSON).
 */
export type DumpSchema = Record<string, string | null>

export interface Retyped {
  column: string
  from: string
  to: string
}

export interface SchemaDrift {
  added: string[]
  lacking: string[]
  retyped: Retyped[]
}

export function dumpSchema(fileColumns: readonly string[], types: Record<string, string> | undefined): DumpSchema {
  return Object.fromEntries(fileColumns.map((name) => [name, types?.[name] ?? null]))
}

/**
 * The drift of a dump (its columns matched to the contract: `sources`; its schema: `seen`)
 * against the contract and `previous`, the dataset's previous dump (undefined for its first),
 * whose columns are matched to the contract the same way (`mapped`: the mapping file's names).
 */
export function schemaDrift(spec: DatasetSpec, sources: ColumnSources, seen: DumpSchema, previous: DumpSchema | undefined, mapped: Record<string, string> = {}): SchemaDrift {
  const contractOf = new Map([...sources.columns].map(([canonical, file]) => [file, spec.columns.find((column) => column.name === canonical)?.kind]))
  const before = previous === undefined ? undefined : columnSources(spec, Object.keys(previous), mapped)
  const added = sources.extra.filter((name) => previous === undefined || !(name in previous))
  const lacking = spec.columns.map((column) => column.name).filter((name) => !sources.columns.has(name) && (before === undefined || before.columns.has(name)))
  const retyped: Retyped[] = []
  for (const [column, to] of Object.entries(seen)) {
    const from = previous?.[column]
    if (to === null || from === null || from === undefined || from === to) continue
    const kind = contractOf.get(column)
    if (kind === undefined || !fitsKind(kind, to)) retyped.push({ column, from, to })
  }
  return { added, lacking, retyped }
}

export function hasDrift(drift: SchemaDrift): boolean {
  return drift.added.length + drift.lacking.length + drift.retyped.length > 0
}

export function driftCount(drift: SchemaDrift): number {
  return drift.added.length + drift.lacking.length + drift.retyped.length
}

/** E.g. "mes.production_counts: 2026-12-01.csv has new column `shift_code`, lacks `scrap_count`, `good_count` changed BIGINT→VARCHAR". */
export function driftMessage(dataset: string, file: string, drift: SchemaDrift): string {
  const names = (columns: string[]): string => columns.map((name) => `\`${name}\``).join(', ')
  const parts = [
    ...(drift.added.length === 0 ? [] : [`has new column${drift.added.length === 1 ? '' : 's'} ${names(drift.added)}`]),
    ...(drift.lacking.length === 0 ? [] : [`lacks ${names(drift.lacking)}`]),
    ...drift.retyped.map((change) => `\`${change.column}\` changed ${change.from}→${change.to}`),
  ]
  return `mes.${dataset}: ${file} ${parts.length === 0 ? 'matches its contract and the previous dump' : parts.join(', ')}`
}

/**
 * Whether a file's type can hold a contract kind's values as they are: text and enums take any
 * type (they are read as text), the others their own family. A sniffed VARCHAR for a count is a
 * change; a count back to BIGINT after it is not.
 */
export function fitsKind(kind: ColumnKind, type: string): boolean {
  const upper = type.toUpperCase()
  switch (kind) {
    case 'text':
    case 'enum':
      return true
    case 'integer':
      return /INT/.test(upper)
    case 'number':
      return /INT|DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL/.test(upper)
    case 'timestamp':
      return /^(TIMESTAMP|DATE)/.test(upper)
    case 'boolean':
      return upper === 'BOOLEAN'
  }
}
