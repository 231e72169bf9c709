/**
 * Whether a natural key may occur twice among the clean rows just written (the later row of a
 * key repeated within a file wins, so such a file must be read again with row numbers).
 *
 * First one ordered pass, cheap and serial: keys that strictly increase from row to row — as in
 * exports sorted by their key or by time, either column first — cannot repeat. Only
 * when that proves nothing are the rows grouped by the key's hash, a hash table as large as the
 * file (a hash collision only costs the numbered read).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { existsSync } from 'node:fs'
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'

export async function hasRepeatedKeys(connection: DuckDBConnection, cleanFile: string, key: readonly string[]): Promise<boolean> {
  if (!existsSync(cleanFile) || key.length === 0) return false
  if (await keysStrictlyMonotonic(connection, cleanFile, key)) return false
  const result = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM (SELECT hash(${key.map(quoteIdent).join(', ')}) AS h FROM read_parquet(${quoteLiteral(cleanFile)}) GROUP BY h HAVING count(*) > 1 LIMIT 1)`,
  )
  return Number(result.getRowObjectsJson()[0]?.n ?? 0) > 0
}

/**
 * Whether, in the order the rows are read, the key strictly increases, comparing its columns in the key's order or reversed. In any order in which each row appears
 * once, a strictly monotonic sequence has no repeats, so the proof does not depend on the scan
 * order; a NULL in a comparison proves nothing.
 */
export async function keysStrictlyMonotonic(connection: DuckDBConnection, cleanFile: string, key: readonly string[]): Promise<boolean> {
  const columns = key.map((name, i) => ({ value: quoteIdent(name), previous: `__prev_${i}` }))
  const orders = key.length > 1 ? [columns, [...columns].reverse()] : [columns]
  const checks = orders.map((order) => `count(*) FILTER (WHERE __not_first AND NOT coalesce(${increasing(order)}, false)) = 0`)
  const lags = columns.map((column) => `${column.value}, lag(${column.value}) OVER () AS ${column.previous}`)
  const result = await connection.runAndReadAll(`SELECT ${checks.join(' OR ')} AS monotonic FROM (SELECT ${lags.join(', ')}, lag(true) OVER () IS NOT NULL AS __not_first FROM read_parquet(${quoteLiteral(cleanFile)}))`)
  return result.getRowObjectsJson()[0]?.monotonic === true
}

/** `a > pa OR (a = pa AND (b > pb OR …))`: the row's key is greater than the previous row's. */
function increasing(order: readonly { value: string; previous: string }[]): string {
  const [first, ...rest] = order
  if (first === undefined) return 'false'
  const greater = `${first.value} > ${first.previous}`
  return rest.length === 0 ? greater : `(${greater} OR (${first.value} = ${first.previous} AND ${increasing(rest)}))`
}
