/**
 * `$name` parameters as `$1`, `$2`, … for engines that bind by position only (duckdb-wasm's
 * prepared statements take values in order and refuse named ones). Found with the SQL lexer, so
 * `'$x'` in a string or `-- $y` in a comment stays as written. Each replacement is padded with
 * spaces to the length of the name it replaces, so an error's line and column still point at
 * the same spot of the text the author wrote (unless a one-letter name gets a two-digit number).
 */
import { tokenizeSql } from './sql-tokens.ts'

export interface PositionalSql {
  sql: string
  /** Parameter names (without `$`) in binding order: `$1` is `order[0]`. */
  order: string[]
}

export function positionalParameters(sql: string): PositionalSql {
  const order: string[] = []
  let out = ''
  for (const token of tokenizeSql(sql)) {
    // Numbered parameters ($1) are left alone: the graph reports them as no input's.
    if (token.type !== 'parameter' || /^\$\d/.test(token.text)) {
      out += token.text
      continue
    }
    const name = token.text.slice(1).toLowerCase()
    let index = order.indexOf(name)
    if (index < 0) index = order.push(name) - 1
    out += `$${index + 1}`.padEnd(token.text.length, ' ')
  }
  return { sql: out, order }
}
