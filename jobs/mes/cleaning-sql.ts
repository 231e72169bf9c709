/**
 * Generates the DuckDB SQL that turns a dataset's raw rows (every column text) into typed
 * clean rows, and names the first rule a bad row breaks: `<field>: <reason> (<value>)`.
 * Pure string building from ./datasets.ts, so the rules are unit-tested without I/O and run
 * inside DuckDB at full speed.
 */
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'
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

export interface CleaningSql {
  /**
   * Expressions to compute once per row in an inner SELECT over the raw relation (`rowAlias`):
   * each value trimmed, and parsed once as a number or timestamp. DuckDB would otherwise parse a
   * timestamp again for every rule that looks at it.
   */
  prepare: string[]
  /** `expr AS "column"` for each canonical column, in order, over the prepared relation. */
  typed: string[]
  /** Over the prepared relation: NULL for a good row, else the first broken rule. */
  reason: string
}

/**
 * Use as `SELECT <typed>, <reason> FROM (SELECT r.*, <prepare> FROM raw r) r`.
 * @param source maps a canonical column to the raw column holding it; absent columns become NULL
 *   (the caller has already quarantined files that lack a required column).
 * @param rowAlias the alias of the raw relation, inside and outside.
 * @param parsedBySource canonical columns whose raw column arrives already parsed, with the
 *   type `sourceType` gives it (a typed CSV read): the same rules run on that value.
 */
export function cleaningSql(spec: DatasetSpec, source: ReadonlyMap<string, string>, rowAlias = 'r', parsedBySource: ReadonlySet<string> = new Set()): CleaningSql {
  const prepare: string[] = []
  const typed: string[] = []
  const reasons: string[] = []
  const ref = (name: string): string => `${rowAlias}.${quoteIdent(name)}`
  for (const column of spec.columns) {
    const raw = source.get(column.name)
    if (raw === undefined) {
      typed.push(`${column.kind === 'boolean' ? 'false' : `NULL::${sqlType(column)}`} AS ${quoteIdent(column.name)}`)
      continue
    }
    const names = prepared(column.name)
    const parsedAlready = parsedBySource.has(column.name) && sourceType(column) !== 'VARCHAR'
    prepare.push(`${parsedAlready ? ref(raw) : trimmedText(ref(raw))} AS ${quoteIdent(names.value)}`)
    const parsed = parsedAlready ? ref(raw) : parsedValue(column, trimmedText(ref(raw)))
    if (parsed !== undefined) prepare.push(`${parsed} AS ${quoteIdent(names.parsed)}`)
    const value = ref(names.value)
    const parsedRef = ref(names.parsed)
    typed.push(`${typedValue(column, value, parsedRef)} AS ${quoteIdent(column.name)}`)
    reasons.push(...columnChecks(column, value, parsedRef, parsedAlready))
  }
  if (spec.interval !== undefined) {
    const [start, end] = spec.interval
    if (source.has(start) && source.has(end)) {
      const [s, e] = [prepared(start), prepared(end)]
      reasons.push(`WHEN ${ref(e.parsed)} < ${ref(s.parsed)} THEN ${quoteLiteral(`${end}: before ${start} (`)} || ${ref(e.value)} || ' < ' || ${ref(s.value)} || ')'`)
    }
  }
  const reason = reasons.length === 0 ? 'NULL::VARCHAR' : `CASE ${reasons.join(' ')} ELSE NULL END`
  return { prepare, typed, reason }
}

/**
 * `nullif(trim(text), '')`, without trim's copy for the common value that needs none: plain
 * ASCII (trim also strips Unicode spaces), its first byte above the space (`>= '!'` compares
 * bytes, so it also refuses the empty string) and its last not a space.
 */
export function trimmedText(text: string): string {
  return `CASE WHEN ${text} >= '!' AND NOT ends_with(${text}, ' ') AND strlen(${text}) = length(${text}) THEN ${text} ELSE nullif(trim(${text}), '') END`
}

/**
 * The type a typed CSV read gives a column so that a value it accepts parses exactly as the text
 * rules parse it: numbers as DOUBLE (integers too: a BIGINT read would round 12.5), required
 * timestamps as TIMESTAMPTZ (the reader turns a bad one into NULL, which the required rule
 * refuses; an optional one stays text, or a bad value would pass as missing), the rest as text.
 */
export function sourceType(column: ColumnSpec): 'DOUBLE' | 'TIMESTAMPTZ' | 'VARCHAR' {
  if (column.kind === 'integer' || column.kind === 'number') return 'DOUBLE'
  if (column.kind === 'timestamp' && column.required) return 'TIMESTAMPTZ'
  return 'VARCHAR'
}

function prepared(column: string): { value: string; parsed: string } {
  return { value: `__v_${column}`, parsed: `__p_${column}` }
}

/** The one parse a column needs, if any: numbers as DOUBLE, timestamps as TIMESTAMPTZ. */
function parsedValue(column: ColumnSpec, value: string): string | undefined {
  if (column.kind === 'integer' || column.kind === 'number') return `TRY_CAST(${value} AS DOUBLE)`
  if (column.kind === 'timestamp') return `TRY_CAST(${value} AS TIMESTAMPTZ)`
  return undefined
}

function typedValue(column: ColumnSpec, value: string, parsed: string): string {
  switch (column.kind) {
    case 'text':
      return value
    case 'integer':
      return `TRY_CAST(${parsed} AS BIGINT)`
    case 'number':
    case 'timestamp':
      return parsed
    case 'enum':
      return `upper(${value})`
    case 'boolean':
      return `coalesce(CASE lower(${value}) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END, false)`
  }
}

/**
 * `WHEN <broken> THEN '<field>: <reason> (' || value || ')'` clauses for one column. A value the
 * reader `parsedAlready` is NULL exactly when its text was, so "did not parse" cannot happen.
 */
function columnChecks(column: ColumnSpec, value: string, parsed: string, parsedAlready: boolean): string[] {
  const checks: string[] = []
  const field = column.name
  const shown = (reason: string): string => `${quoteLiteral(`${field}: ${reason} (`)} || ${value} || ')'`
  const unparsed = parsedAlready ? '' : `${value} IS NOT NULL AND ${parsed} IS NULL OR `
  if (column.required) checks.push(`WHEN ${value} IS NULL THEN ${quoteLiteral(`${field}: missing`)}`)
  switch (column.kind) {
    case 'integer':
      checks.push(`WHEN ${unparsed}isinf(${parsed}) OR ${parsed} <> trunc(${parsed}) OR abs(${parsed}) >= 9007199254740992 THEN ${shown('not an integer')}`)
      if (column.min !== undefined) checks.push(`WHEN ${parsed} < ${column.min} THEN ${shown('negative')}`)
      break
    case 'number':
      checks.push(`WHEN ${unparsed}NOT isfinite(${parsed}) THEN ${shown('not a number')}`)
      if (column.positive === true) checks.push(`WHEN ${parsed} <= 0 THEN ${shown('not positive')}`)
      else if (column.min !== undefined) checks.push(`WHEN ${parsed} < ${column.min} THEN ${shown('negative')}`)
      break
    case 'timestamp':
      if (!parsedAlready) checks.push(`WHEN ${value} IS NOT NULL AND ${parsed} IS NULL THEN ${shown('not a timestamp')}`)
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
