/**
 * One run of a SQL rule through the SQL service, as the rows alerts/ takes: objects keyed by
 * column, with big integers and decimals (which the JSON-safe result carries as text) as numbers,
 * so `count(*)` or a DECIMAL OEE is the alert's value.
 */
import type { SqlRule } from '../../alerts/index.ts'
import { runSql, type SqlService } from '../sql/sql-service.ts'

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL|FLOAT|DOUBLE|REAL)/

/** At most this many rows: every row is an alert, and a rule firing on thousands says nothing. */
export const MAX_SQL_RULE_ROWS = 1_000

export interface SqlRuleRun {
  sql: SqlService
  user: string
  signal?: AbortSignal
}

export async function runSqlRule(run: SqlRuleRun, rule: SqlRule): Promise<Record<string, unknown>[]> {
  const result = await runSql(run.sql, { sql: rule.sql, limit: MAX_SQL_RULE_ROWS, user: run.user, signal: run.signal })
  const numeric = result.columns.map((column) => NUMERIC.test(column.type))
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column.name, numeric[i] && typeof row[i] === 'string' ? Number(row[i]) : row[i]])))
}
