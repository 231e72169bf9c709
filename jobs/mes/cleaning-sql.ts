/**
 * Generates the DuckDB SQL that turns a dataset's raw rows (every column text) into typed
 * clean rows, and names the first rule a bad row breaks: `<field>: <reason> (<value>)`.
 * Pure string building from ./datasets.ts, so the rules are unit-tested without I/O and run
 * inside DuckDB at full speed.
 */
import type { ColumnSpec, DatasetSpec } from './datasets.ts'

const SQL_TYPES = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  timestamp: 'TIMESTAMPTZ',
  enum: 'VARCHAR',
  boolean: 'BOOLEAN',
} as const

export function sqlType(column: ColumnSpec): string {
  return SQL_TYPES[column.kind]
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

export interface CleaningSql {
  /** `expr AS "column"` for each canonical column, in order. */
  typed: string[]
  /** An expression that is NULL for a good row and the first broken rule otherwise. */
  reason: string
}

/**
 * @param source maps a canonical column to the raw column holding it; absent columns become NULL
 *   (the caller has already quarantined files that lack a required column).
 * @param rowAlias the alias of the raw relation in the query.
 */
export function cleaningSql(spec: DatasetSpec, source: ReadonlyMap<string, string>, rowAlias = 'r'): CleaningSql {
  const typed: string[] = []
  const reasons: string[] = []
  for (const column of spec.columns) {
    const raw = source.get(column.name)
    if (raw === undefined) {
      typed.push(`${column.kind === 'boolean' ? 'false' : `NULL::${sqlType(column)}`} AS ${quoteIdent(column.name)}`)
      continue
    }
    const value = `nullif(trim(${rowAlias}.${quoteIdent(raw)}), '')`
    typed.push(`${typedValue(column, value)} AS ${quoteIdent(column.name)}`)
    reasons.push(...columnChecks(column, value))
  }
  if (spec.interval !== undefined) {
    const [start, end] = spec.interval
    const startRaw = source.get(start)
    const endRaw = source.get(end)
    if (startRaw !== undefined && endRaw !== undefined) {
      const s = typedValue(spec.columns.find((c) => c.name === start)!, `nullif(trim(${rowAlias}.${quoteIdent(startRaw)}), '')`)
      const e = typedValue(spec.columns.find((c) => c.name === end)!, `nullif(trim(${rowAlias}.${quoteIdent(endRaw)}), '')`)
      reasons.push(`WHEN ${e} < ${s} THEN ${quoteLiteral(`${end}: before ${start} (`)} || ${rowAlias}.${quoteIdent(endRaw)} || ' < ' || ${rowAlias}.${quoteIdent(startRaw)} || ')'`)
    }
  }
  const reason = reasons.length === 0 ? 'NULL::VARCHAR' : `CASE ${reasons.join(' ')} ELSE NULL END`
  return { typed, reason }
}

function typedValue(column: ColumnSpec, value: string): string {
  switch (column.kind) {
    case 'text':
      return value
    case 'integer':
      return `TRY_CAST(TRY_CAST(${value} AS DOUBLE) AS BIGINT)`
    case 'number':
      return `TRY_CAST(${value} AS DOUBLE)`
    case 'timestamp':
      return `TRY_CAST(${value} AS TIMESTAMPTZ)`
    case 'enum':
      return `upper(${value})`
    case 'boolean':
      return `coalesce(CASE lower(${value}) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END, false)`
  }
}

/** `WHEN <broken> THEN '<field>: <reason> (' || value || ')'` clauses for one column. */
function columnChecks(column: ColumnSpec, value: string): string[] {
  const checks: string[] = []
  const field = column.name
  const shown = (reason: string): string => `${quoteLiteral(`${field}: ${reason} (`)} || ${value} || ')'`
  if (column.required) checks.push(`WHEN ${value} IS NULL THEN ${quoteLiteral(`${field}: missing`)}`)
  switch (column.kind) {
    case 'integer': {
      const number = `TRY_CAST(${value} AS DOUBLE)`
      checks.push(`WHEN ${value} IS NOT NULL AND (${number} IS NULL OR isinf(${number}) OR ${number} <> trunc(${number}) OR abs(${number}) >= 9007199254740992) THEN ${shown('not an integer')}`)
      if (column.min !== undefined) checks.push(`WHEN ${number} < ${column.min} THEN ${shown('negative')}`)
      break
    }
    case 'number': {
      const number = `TRY_CAST(${value} AS DOUBLE)`
      checks.push(`WHEN ${value} IS NOT NULL AND (${number} IS NULL OR NOT isfinite(${number})) THEN ${shown('not a number')}`)
      if (column.positive === true) checks.push(`WHEN ${number} <= 0 THEN ${shown('not positive')}`)
      else if (column.min !== undefined) checks.push(`WHEN ${number} < ${column.min} THEN ${shown('negative')}`)
      break
    }
    case 'timestamp':
      checks.push(`WHEN ${value} IS NOT NULL AND TRY_CAST(${value} AS TIMESTAMPTZ) IS NULL THEN ${shown('not a timestamp')}`)
      break
    case 'enum': {
      const allowed = (column.values ?? []).map(quoteLiteral).join(', ')
      checks.push(`WHEN ${value} IS NOT NULL AND upper(${value}) NOT IN (${allowed}) THEN ${shown(`not one of ${(column.values ?? []).join('|')}`)}`)
      break
    }
    case 'boolean':
      checks.push(`WHEN ${value} IS NOT NULL AND lower(${value}) NOT IN ('true', 'false', '1', '0', 'yes', 'no') THEN ${shown('not a boolean')}`)
      break
    case 'text':
      break
  }
  return checks
}
