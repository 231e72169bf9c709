/**
 * Rewriting one sql cell's text after a rename, without guessing: the lexer finds the tokens
 * spelled like the old name outside strings and comments, and DuckDB's parser (the port) says
 * which of them are table references — each candidate is tried renamed, and it is one when the
 * parser then reads the new name as a table. So in `select * from oee order by oee` only the
 * table is renamed, not the column. `$old` parameters are unambiguous tokens and renamed as such.
 */
import type { SqlReferencePort } from './references.ts'
import { tableCellName } from './references.ts'
import { identifierOf, significant, tokenizeSql, type SqlToken } from './sql-tokens.ts'

export interface SqlRenames {
  /** A sql cell renamed: old table name → new. */
  table?: { from: string; to: string }
  /** Input parameters renamed, old → new (without `$`). */
  parameters?: ReadonlyMap<string, string>
}

/** The SQL with the renames applied, or the same string when it names none of them. */
export async function renameInSql(sql: string, renames: SqlRenames, port: SqlReferencePort): Promise<string> {
  const tokens = tokenizeSql(sql)
  const replace = new Map<SqlToken, string>()
  for (const token of tokens) {
    const renamed = token.type === 'parameter' ? renames.parameters?.get(token.text.slice(1)) : undefined
    if (renamed !== undefined) replace.set(token, `$${renamed}`)
  }
  if (renames.table !== undefined) for (const [token, text] of await tableTokens(sql, tokens, renames.table, port)) replace.set(token, text)
  return replace.size === 0 ? sql : tokens.map((token) => replace.get(token) ?? token.text).join('')
}

async function tableTokens(sql: string, tokens: SqlToken[], rename: { from: string; to: string }, port: SqlReferencePort): Promise<Map<SqlToken, string>> {
  const found = new Map<SqlToken, string>()
  const refs = await tablesOf(port, sql)
  if (refs === undefined || !refs.some((table) => tableCellName(table) === rename.from)) return found
  const words = significant(tokens)
  for (const [at, token] of words.entries()) {
    if (identifierOf(token) !== rename.from || words[at - 1]?.text === '.') continue
    if (words[at + 1]?.text === '.') {
      // `oee.machine_id`: a column qualified by the cell's name follows the table's new name,
      // unless it is a schema-qualified table the statement reads (`kpi.machine_daily`).
      const qualified = `${token.text}.${words[at + 2]?.text ?? ''}`
      if (!refs.includes(qualified)) found.set(token, rename.to)
      continue
    }
    const variant = tokens.map((other) => (other === token ? rename.to : other.text)).join('')
    const tables = await tablesOf(port, variant)
    if (tables?.some((table) => tableCellName(table) === rename.to)) found.set(token, rename.to)
  }
  // Qualifiers follow only when the statement reads the cell under its own name.
  if (![...found.keys()].some((token) => words[words.indexOf(token) + 1]?.text !== '.')) return new Map()
  return found
}

/** The tables of a statement, or undefined when it does not parse (a variant that broke it). */
async function tablesOf(port: SqlReferencePort, sql: string): Promise<string[] | undefined> {
  try {
    return (await port.references(sql)).tables
  } catch (error) {
    // The port rejects SQL that does not parse; a candidate that broke the statement is no table.
    if (error instanceof Error) return undefined
    throw error
  }
}
