/**
 * Matches a file's columns to a dataset's canonical columns: by the mapping file first, then
 * by name ignoring case and surrounding spaces. Reports what is missing and what is extra
 * (schema drift: kept in raw, left out of the clean table).
 */
import type { DatasetSpec } from './datasets.ts'

export interface ColumnSources {
  /** Canonical column → the file's column. */
  columns: Map<string, string>
  missingRequired: string[]
  missingOptional: string[]
  extra: string[]
}

export function columnSources(spec: DatasetSpec, fileColumns: string[], mapped: Record<string, string> = {}): ColumnSources {
  const byNormalName = new Map(fileColumns.map((name) => [normal(name), name]))
  const columns = new Map<string, string>()
  for (const column of spec.columns) {
    const wanted = mapped[column.name]
    const found = wanted !== undefined ? byNormalName.get(normal(wanted)) : byNormalName.get(column.name)
    if (found !== undefined) columns.set(column.name, found)
  }
  const used = new Set(columns.values())
  return {
    columns,
    missingRequired: spec.columns.filter((c) => c.required && !columns.has(c.name)).map((c) => c.name),
    missingOptional: spec.columns.filter((c) => !c.required && !columns.has(c.name)).map((c) => c.name),
    extra: fileColumns.filter((name) => !used.has(name)),
  }
}

function normal(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase()
}
