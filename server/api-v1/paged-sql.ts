/**
 * A page of a saved query's result: the saved SQL as a subquery with an OFFSET. The SQL service
 * checks the wrapped statement again, so wrapping cannot turn a read into anything else; the
 * line breaks keep a trailing `-- comment` in the saved SQL from swallowing the wrapper.
 */

export function pagedSql(sql: string, offset: number): string {
  const body = sql.trim().replace(/;\s*$/, '')
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset ${offset}: expected a whole number of rows`)
  return offset === 0 ? body : `SELECT * FROM (\n${body}\n) AS saved_query OFFSET ${offset}`
}
