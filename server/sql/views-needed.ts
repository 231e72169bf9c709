/**
 * Which catalog views a query needs. Creating a view makes DuckDB bind it — read the footer of
 * every Parquet file and sniff every raw CSV of the table — so creating all of them for each
 * query cost most of a small query's time (0.8–1.4 s for 20 tables on a busy machine). A view is
 * created when the query's text names its table as a word; a query that may reach tables other
 * than by name (introspection, `query_table`) gets them all. Naming a table that is not needed
 * only costs its view, never a wrong answer. Pure.
 */

/** Words after which DuckDB can list or reach tables without naming each one. */
const REACHES_ALL = /\b(information_schema|duckdb_\w+|show|describe|summarize|pragma_\w+|pragma|query_table|pg_catalog|sqlite_master)\b/i

export function viewsNeeded(sql: string): (table: string) => boolean {
  if (REACHES_ALL.test(sql)) return () => true
  const words = new Set(sql.toLowerCase().match(/[\p{L}\p{N}_$]+/gu) ?? [])
  // `mes.orders` is needed when `orders` appears as a word ("orders", mes.orders, "mes"."orders").
  return (table) => words.has((table.split('.').at(-1) ?? table).toLowerCase())
}
