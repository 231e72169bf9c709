/**
 * Whether a natural key may occur twice among the clean rows just written (the later row of a
 * key repeated within a file wins, so such a file must be read again with row numbers).
 *
 * First an ordered pass, cheap and serial: keys that strictly increase from row to row — as in
 * exports sorted by time, or by their key — cannot repeat. The order starting with the event
 * time is tried first (the usual export), then the key's own order. Only
 * when that proves nothing are the rows grouped by the key's hash, a hash table as large as the
 * file (a hash collision only costs the numbered read).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { existsSync } from 'node:fs'
import { quoteIdent, quoteLiteral } from '../../catalog/index.ts'

export async function hasRepeatedKeys(connection: DuckDBConnection, cleanFile: string, key: readonly string[], eventTime?: string): Promise<boolean> {
  if (!existsSync(cleanFile) || key.length === 0) return false
  const timeFirst = eventTime !== undefined && key.includes(eventTime) ? [eventTime, ...key.filter((column) => column !== eventTime)] : undefined
  for (const order of timeFirst === undefined || sameOrder(timeFirst, key) ? [key] : [timeFirst, key]) {
    if (await keysStrictlyMonotonic(connection, cleanFile, order)) return false
  }
  const result = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM (SELECT hash(${key.map(quoteIdent).join(', ')}) AS h FROM read_parquet(${quoteLiteral(cleanFile)}) GROUP BY h HAVING count(*) > 1 LIMIT 1)`,
  )
  return Number(result.getRowObjectsJson()[0]?.n ?? 0) > 0
}

/**
 * Whether, in the order the rows are read, the key (its columns compared in the given order)
 * strictly increases. In any order in which each row appears once, a strictly monotonic
 * sequence has no repeats, so the proof does not depend on the scan order; a comparison with
 * NULL proves nothing.
 */
export async function keysStrictlyMonotonic(connection: DuckDBConnection, cleanFile: string, key: readonly string[]): Promise<boolean> {
  const columns = key.map((name, i) => ({ value: quoteIdent(name), previous: `__prev_${i}` }))
  const lags = columns.map((column) => `${column.value}, lag(${column.value}) OVER () AS ${column.previous}`)
  const result = await connection.runAndReadAll(
    `SELECT count(*) FILTER (WHERE __not_first AND NOT coalesce(${increasing(columns)}, false)) = 0 AS monotonic
     FROM (SELECT ${lags.join(', ')}, lag(true) OVER () IS NOT NULL AS __not_first FROM read_parquet(${quoteLiteral(cleanFile)}))`,
  )
  return result.getRowObjectsJson()[0]?.monotonic === true
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i])
}

/** `a > pa OR (a = pa AND (b > pb OR …))`: the row's key is greater than the previous row's. */
function increasing(order: readonly { value: string; previous: string }[]): string {
  const [first, ...rest] = order
  if (first === undefined) return 'false'
  const greater = `${first.value} > ${first.previous}`
  return rest.length === 0 ? greater : `(${greater} OR (${first.value} = ${first.previous} AND ${increasing(rest)}))`
}
