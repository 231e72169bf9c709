/**
 * The tables a cell's statement reads, as completion needs them: each `from`/`join` name (and
 * the names of a `from a, b` list) with its alias and, when known, its columns — a catalog
 * table's, or a sql cell's last result's — plus the statement's own WITH names. Read from
 * tokens, not parsed: the statement is being typed and need not parse yet.
 */
import { identifierOf, significant, tokenizeSql, type SqlToken } from '../../../cells/index.ts'
import type { CatalogDescription, CompletionColumn, NotebookNames } from './sql-completion.ts'
import { DUCKDB_KEYWORDS } from './duckdb-words.ts'

export interface ScopeTable {
  /** As it resolved: a catalog table's qualified name, a cell's or WITH query's name, else as written (lower case). */
  name: string
  alias?: string
  /** Unknown for a WITH query, a cell not run yet, or a name nothing resolves. */
  columns?: readonly CompletionColumn[]
  /** A WITH query of the statement itself. */
  cte?: boolean
}

// Words after a table that start the next clause or join, not an alias (`from t where`, `from t left join`).
const NOT_ALIASES = new Set(DUCKDB_KEYWORDS)

export function tablesInScope(text: string, catalog: CatalogDescription, names: NotebookNames): ScopeTable[] {
  const tokens = significant(tokenizeSql(text))
  const ctes = withNames(tokens)
  const scope: ScopeTable[] = ctes.map((name) => ({ name, cte: true }))
  for (let i = 0; i < tokens.length; i++) {
    const word = identifierOf(tokens[i]!)
    if (word !== 'from' && word !== 'join') continue
    let at = i + 1
    for (;;) {
      const read = readTable(tokens, at)
      if (read === undefined) break
      scope.push({ ...resolve(read.name, ctes, catalog, names), ...(read.alias === undefined ? {} : { alias: read.alias }) })
      at = read.next
      // A comma continues a `from a, b` list; in a select list it would follow no table.
      if (word !== 'from' || tokens[at]?.text !== ',') break
      at += 1
    }
  }
  return scope
}

/** A dotted name at `at` (`kpi.machine_daily`, `"Odd name"`), an optional `as`, an optional alias. */
function readTable(tokens: readonly SqlToken[], at: number): { name: string; alias?: string; next: number } | undefined {
  const parts: string[] = []
  let next = at
  for (;;) {
    const part = tokens[next] === undefined ? undefined : identifierOf(tokens[next]!)
    if (part === undefined) return parts.length === 0 ? undefined : finish()
    parts.push(part)
    next += 1
    if (tokens[next]?.text !== '.') return finish()
    next += 1
  }
  function finish(): { name: string; alias?: string; next: number } {
    const name = parts.join('.')
    // `from f(…)` is a table function, not a table.
    if (tokens[next]?.text === '(') return { name, next }
    const explicit = tokens[next] !== undefined && identifierOf(tokens[next]!) === 'as'
    const candidate = tokens[explicit ? next + 1 : next]
    const alias = candidate === undefined ? undefined : identifierOf(candidate)
    if (alias === undefined || (candidate!.type === 'word' && NOT_ALIASES.has(alias))) return { name, next: explicit ? next + 1 : next }
    return { name, alias, next: (explicit ? next + 1 : next) + 1 }
  }
}

function resolve(name: string, ctes: readonly string[], catalog: CatalogDescription, names: NotebookNames): ScopeTable {
  if (ctes.includes(name)) return { name, cte: true }
  const table = catalog.tables.find((t) => t.name.toLowerCase() === name)
  if (table !== undefined) return { name: table.name, columns: table.columns }
  const cell = names.cells.find((c) => c.name === name)
  if (cell !== undefined) return cell.columns === undefined ? { name } : { name, columns: cell.columns }
  // A bare table name (`machine_daily`): the catalog table it can only mean.
  const bare = catalog.tables.filter((t) => t.name.toLowerCase().endsWith(`.${name}`))
  return bare.length === 1 ? { name: bare[0]!.name, columns: bare[0]!.columns } : { name }
}

/** The names a leading `with [recursive] a as (…), b as (…)` defines. */
function withNames(tokens: readonly SqlToken[]): string[] {
  if (tokens[0] === undefined || identifierOf(tokens[0]) !== 'with') return []
  const names: string[] = []
  let at = tokens[1] !== undefined && identifierOf(tokens[1]) === 'recursive' ? 2 : 1
  for (;;) {
    const name = tokens[at] === undefined ? undefined : identifierOf(tokens[at]!)
    if (name === undefined) return names
    names.push(name)
    at = skipTo(tokens, at + 1, '(')
    at = pastParentheses(tokens, at)
    if (tokens[at]?.text !== ',') return names
    at += 1
  }
}

function skipTo(tokens: readonly SqlToken[], from: number, text: string): number {
  let at = from
  while (at < tokens.length && tokens[at]!.text !== text) at += 1
  return at
}

/** Just past the parenthesis that closes the one at `open` (the end when it never closes). */
function pastParentheses(tokens: readonly SqlToken[], open: number): number {
  let depth = 0
  for (let at = open; at < tokens.length; at++) {
    if (tokens[at]!.text === '(') depth += 1
    else if (tokens[at]!.text === ')' && --depth === 0) return at + 1
  }
  return tokens.length
}
