/**
 * The tables a cell's statement reads, as completion needs them: each `from`/`join` name (and
 * the names of a `from a, b` list) with its alias and, when known, its columns — a catalog
 * table's, a sql cell's last result's, or a WITH query's as its select list says — plus the
 * statement's own WITH names. Read from tokens, not parsed: the statement is being typed and
 * need not parse yet.
 */
import { identifierOf, significant, tokenizeSql, type SqlToken } from '../../../cells/index.ts'
import type { CatalogDescription, CompletionColumn, NotebookNames } from './sql-completion.ts'
import { DUCKDB_KEYWORDS } from './duckdb-words.ts'
import { selectedColumns } from './select-columns.ts'

export interface ScopeTable {
  /** As it resolved: a catalog table's qualified name, a cell's or WITH query's name, else as written (lower case). */
  name: string
  alias?: string
  /** Unknown for a cell not run yet, a WITH query whose select list says nothing, or a name nothing resolves. */
  columns?: readonly CompletionColumn[]
  /** A WITH query of the statement itself. */
  cte?: boolean
}

// Words after a table that start the next clause or join, not an alias (`from t where`, `from t left join`).
const NOT_ALIASES = new Set(DUCKDB_KEYWORDS)

/** What a statement reads where the cursor is (`read`), and the WITH queries it defines (`queries`). */
export interface Scope {
  read: ScopeTable[]
  queries: ScopeTable[]
}

export function tablesInScope(text: string, catalog: CatalogDescription, names: NotebookNames, cursor = text.length): Scope {
  const tokens = significant(tokenizeSql(text))
  const queries = withQueries(tokens)
  const ctes: ScopeTable[] = []
  // Each WITH query sees the ones before it.
  for (const query of queries) {
    const body = tokens.slice(query.from, query.to)
    const columns = selectedColumns(body, tablesRead(body, ctes, catalog, names))
    ctes.push(columns === undefined ? { name: query.name, cte: true } : { name: query.name, cte: true, columns })
  }
  // In a WITH query the tables it reads are in scope; after them, those the statement's own select reads.
  const inside = queries.find((query) => tokens[query.from - 1]!.start < cursor && cursor <= (tokens[query.to]?.start ?? text.length))
  const outside = tokens.filter((_, i) => !queries.some((query) => i >= query.from - 1 && i <= query.to))
  return { read: tablesRead(inside === undefined ? outside : tokens.slice(inside.from, inside.to), ctes, catalog, names), queries: ctes }
}

/** The tables named after each `from` and `join` in `tokens`. */
function tablesRead(tokens: readonly SqlToken[], ctes: readonly ScopeTable[], catalog: CatalogDescription, names: NotebookNames): ScopeTable[] {
  const read: ScopeTable[] = []
  for (let i = 0; i < tokens.length; i++) {
    const word = identifierOf(tokens[i]!)
    if (word !== 'from' && word !== 'join') continue
    let at = i + 1
    for (;;) {
      const table = readTable(tokens, at)
      if (table === undefined) break
      read.push({ ...resolve(table.name, ctes, catalog, names), ...(table.alias === undefined ? {} : { alias: table.alias }) })
      at = table.next
      // A comma continues a `from a, b` list; in a select list it would follow no table.
      if (word !== 'from' || tokens[at]?.text !== ',') break
      at += 1
    }
  }
  return read
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

function resolve(name: string, ctes: readonly ScopeTable[], catalog: CatalogDescription, names: NotebookNames): ScopeTable {
  const cte = ctes.find((query) => query.name === name)
  if (cte !== undefined) return cte
  const table = catalog.tables.find((t) => t.name.toLowerCase() === name)
  if (table !== undefined) return { name: table.name, columns: table.columns }
  const cell = names.cells.find((c) => c.name === name)
  if (cell !== undefined) return cell.columns === undefined ? { name } : { name, columns: cell.columns }
  // A bare table name (`machine_daily`): the catalog table it can only mean.
  const bare = catalog.tables.filter((t) => t.name.toLowerCase().endsWith(`.${name}`))
  return bare.length === 1 ? { name: bare[0]!.name, columns: bare[0]!.columns } : { name }
}

/** The queries a leading `with [recursive] a as (…), b as (…)` defines: each name and where its body's tokens lie (`to` is its closing parenthesis). */
function withQueries(tokens: readonly SqlToken[]): { name: string; from: number; to: number }[] {
  if (tokens[0] === undefined || identifierOf(tokens[0]) !== 'with') return []
  const queries: { name: string; from: number; to: number }[] = []
  let at = tokens[1] !== undefined && identifierOf(tokens[1]) === 'recursive' ? 2 : 1
  for (;;) {
    const name = tokens[at] === undefined ? undefined : identifierOf(tokens[at]!)
    if (name === undefined) return queries
    const open = skipTo(tokens, at + 1, '(')
    if (open >= tokens.length) return queries
    const close = closingParenthesis(tokens, open)
    queries.push({ name, from: open + 1, to: close })
    if (tokens[close + 1]?.text !== ',') return queries
    at = close + 2
  }
}

function skipTo(tokens: readonly SqlToken[], from: number, text: string): number {
  let at = from
  while (at < tokens.length && tokens[at]!.text !== text) at += 1
  return at
}

/** The parenthesis that closes the one at `open` (the end when none does yet). */
function closingParenthesis(tokens: readonly SqlToken[], open: number): number {
  let depth = 0
  for (let at = open; at < tokens.length; at++) {
    if (tokens[at]!.text === '(') depth += 1
    else if (tokens[at]!.text === ')' && --depth === 0) return at
  }
  return tokens.length
}
