/**
 * What to offer while a sql cell is typed, without Monaco: given the cell's text, the cursor,
 * the catalog's tables and the notebook's names, the suggestions and where the word they
 * replace starts. The text is half-typed, so DuckDB's parser (the reference port) would refuse
 * it; the context is guessed from cells/' lexer tokens instead — after `$`, after `name.`, after
 * `from`/`join`, or anywhere else — so a name inside a string or a comment is never completed.
 */
import { identifierOf, significant, tokenizeSql, type SqlToken } from '../../../cells/index.ts'
import { sqlIdentifier } from '../catalog/index.ts'
import { DUCKDB_AGGREGATES, DUCKDB_FUNCTIONS, DUCKDB_KEYWORDS, DUCKDB_TABLE_FUNCTIONS, DUCKDB_TYPES } from './duckdb-words.ts'
import { tablesInScope, type Scope } from './sql-scope.ts'

export interface CompletionColumn {
  name: string
  type: string
}

/** The catalog as completion needs it: each table's qualified name (`kpi.machine_daily`) and columns. */
export interface CatalogDescription {
  tables: { name: string; columns: CompletionColumn[] }[]
}

/** The notebook around the cell: sql cells are tables (with their last result's columns), inputs are `$` parameters. */
export interface NotebookNames {
  /** The cell being edited: it may not read itself. */
  self?: string
  cells: { name: string; columns?: CompletionColumn[] }[]
  /** Parameter names without `$` (a date range's `period_from`, `period_to`), with the input binding each. */
  parameters: { name: string; input: string }[]
}

export type SuggestionKind = 'schema' | 'table' | 'cell' | 'cte' | 'column' | 'parameter' | 'function' | 'aggregate' | 'keyword' | 'type'

export interface Suggestion {
  label: string
  kind: SuggestionKind
  /** The text put in place of the typed word. */
  insert: string
  detail: string
  /** Lower comes first: what the context most likely wants (columns of the tables read, after `from` the cells). */
  rank: number
  /** A function: the editor adds `()` and puts the cursor between them. */
  call?: boolean
  /** A schema (`kpi.`): the list opens again for its tables. */
  retrigger?: boolean
}

export interface Completion {
  /** Offset where the word the suggestions replace starts (the cursor when nothing is typed yet). */
  from: number
  suggestions: Suggestion[]
}

export function completeSql(text: string, offset: number, catalog: CatalogDescription, names: NotebookNames): Completion {
  const before = text.slice(0, offset)
  if (insideLiteral(before)) return { from: offset, suggestions: [] }
  const tokens = tokenizeSql(before)
  const last = tokens.at(-1)
  const typing = last !== undefined && last.start + last.text.length === offset && (last.type === 'word' || last.type === 'parameter' || last.text === '$') ? last : undefined
  const from = typing?.start ?? offset
  if (typing !== undefined && typing.type !== 'word') return { from, suggestions: parameterSuggestions(names, 0) }
  const preceding = significant(typing === undefined ? tokens : tokens.slice(0, -1))
  const scope = tablesInScope(text, catalog, names, offset)
  if (preceding.at(-1)?.text === '.') return { from, suggestions: afterDot(preceding, scope, catalog, names) }
  if (preceding.at(-1)?.text === ':' && preceding.at(-2)?.text === ':') return { from, suggestions: words(DUCKDB_TYPES, 'type', 'type', 0) }
  if (readsTables(preceding)) return { from, suggestions: tableSuggestions(scope, catalog, names) }
  return { from, suggestions: generalSuggestions(scope, catalog, names) }
}

/** Whether the cursor is inside a string, a quoted identifier or a comment: one more character would still belong to it. */
function insideLiteral(before: string): boolean {
  const last = tokenizeSql(`${before} `).at(-1)
  return last !== undefined && (last.type === 'string' || last.type === 'quoted' || last.type === 'comment')
}

/** After `from`, `join`, or a comma in a `from` list: a table is wanted. */
function readsTables(preceding: readonly SqlToken[]): boolean {
  const previous = preceding.at(-1)
  if (previous === undefined) return false
  const word = identifierOf(previous)
  if (word === 'from' || word === 'join') return true
  if (previous.text !== ',') return false
  return nearestClause(preceding) === 'from'
}

const CLAUSES = new Set(['select', 'from', 'where', 'group', 'order', 'having', 'qualify', 'window', 'limit', 'on', 'using', 'join', 'set', 'values'])

/** The clause keyword the cursor is in, skipping parenthesised parts before it. */
function nearestClause(preceding: readonly SqlToken[]): string | undefined {
  let depth = 0
  for (let i = preceding.length - 1; i >= 0; i--) {
    const token = preceding[i]!
    if (token.text === ')') depth += 1
    else if (token.text === '(') {
      if (depth === 0) return undefined
      depth -= 1
    } else if (depth === 0 && token.type === 'word' && CLAUSES.has(token.text.toLowerCase())) return token.text.toLowerCase()
  }
  return undefined
}

/** After `q.` or `s.t.`: a schema's tables, or the columns of a table, alias or cell. */
function afterDot(preceding: readonly SqlToken[], scope: Scope, catalog: CatalogDescription, names: NotebookNames): Suggestion[] {
  const qualifier = preceding.at(-2) === undefined ? undefined : identifierOf(preceding.at(-2)!)
  if (qualifier === undefined) return []
  const schema = preceding.at(-3)?.text === '.' && preceding.at(-4) !== undefined ? identifierOf(preceding.at(-4)!) : undefined
  if (schema !== undefined) return columnSuggestions(catalogTable(catalog, `${schema}.${qualifier}`)?.columns, `${schema}.${qualifier}`)
  // An alias hides its table's name; a table read without one is named by its name or its bare name.
  const read =
    scope.read.find((table) => table.alias === qualifier) ??
    scope.read.find((table) => table.alias === undefined && table.columns !== undefined && (table.name === qualifier || table.name.endsWith(`.${qualifier}`))) ??
    scope.queries.find((query) => query.name === qualifier)
  if (read !== undefined) return columnSuggestions(read.columns, read.name)
  const cell = names.cells.find((c) => c.name === qualifier)
  if (cell !== undefined) return columnSuggestions(cell.columns, cell.name)
  const inSchema = catalog.tables.filter((table) => table.name.toLowerCase().startsWith(`${qualifier}.`))
  if (inSchema.length > 0) return inSchema.map((table) => ({ label: bareName(table.name), kind: 'table', insert: bareName(table.name), detail: tableDetail(table), rank: 0 }))
  const bare = catalog.tables.filter((table) => bareName(table.name).toLowerCase() === qualifier)
  return bare.length === 1 ? columnSuggestions(bare[0]!.columns, bare[0]!.name) : []
}

function tableSuggestions(scope: Scope, catalog: CatalogDescription, names: NotebookNames): Suggestion[] {
  return [...cellSuggestions(names, 0), ...cteSuggestions(scope, 0), ...catalogTableSuggestions(catalog, 1), ...schemaSuggestions(catalog, 2)]
}

function generalSuggestions(scope: Scope, catalog: CatalogDescription, names: NotebookNames): Suggestion[] {
  const read = scope.read.filter((table) => table.columns !== undefined)
  // Nothing read yet (`select ` before any `from`): every catalog column, after the rest.
  const columns = read.length > 0 ? mergedColumns(read, 0) : mergedColumns(catalog.tables, 5)
  return [
    ...columns,
    ...parameterSuggestions(names, 1),
    ...cellSuggestions(names, 2),
    ...cteSuggestions(scope, 2),
    ...DUCKDB_AGGREGATES.map((name): Suggestion => ({ label: name, kind: 'aggregate', insert: name, detail: 'aggregate function', rank: 3, call: true })),
    ...DUCKDB_FUNCTIONS.map((name): Suggestion => ({ label: name, kind: 'function', insert: name, detail: 'function', rank: 3, call: true })),
    ...DUCKDB_TABLE_FUNCTIONS.map((name): Suggestion => ({ label: name, kind: 'function', insert: name, detail: 'table function', rank: 4, call: true })),
    ...words(DUCKDB_KEYWORDS, 'keyword', 'keyword', 3),
    ...catalogTableSuggestions(catalog, 4),
    ...schemaSuggestions(catalog, 5),
    ...words(DUCKDB_TYPES, 'type', 'type', 6),
  ]
}

function parameterSuggestions(names: NotebookNames, rank: number): Suggestion[] {
  return names.parameters.map((p) => ({ label: `$${p.name}`, kind: 'parameter', insert: `$${p.name}`, detail: p.name === p.input ? `input ${p.input}` : `input ${p.input} (date range)`, rank }))
}

function cellSuggestions(names: NotebookNames, rank: number): Suggestion[] {
  return names.cells
    .filter((cell) => cell.name !== names.self)
    .map((cell) => ({ label: cell.name, kind: 'cell', insert: cell.name, detail: cell.columns === undefined ? 'sql cell (not run yet)' : `sql cell · ${cell.columns.length} columns`, rank }))
}

function cteSuggestions(scope: Scope, rank: number): Suggestion[] {
  return scope.queries.map((query) => ({ label: query.name, kind: 'cte', insert: query.name, detail: 'WITH query', rank }))
}

function catalogTableSuggestions(catalog: CatalogDescription, rank: number): Suggestion[] {
  return catalog.tables.map((table) => ({ label: table.name, kind: 'table', insert: table.name, detail: tableDetail(table), rank }))
}

function schemaSuggestions(catalog: CatalogDescription, rank: number): Suggestion[] {
  const schemas = [...new Set(catalog.tables.filter((table) => table.name.includes('.')).map((table) => table.name.slice(0, table.name.indexOf('.'))))]
  return schemas.map((schema) => ({ label: schema, kind: 'schema', insert: `${schema}.`, detail: 'schema', rank, retrigger: true }))
}

function columnSuggestions(columns: readonly CompletionColumn[] | undefined, table: string): Suggestion[] {
  return (columns ?? []).map((column) => ({ label: column.name, kind: 'column', insert: sqlIdentifier(column.name), detail: typed(column.type, table), rank: 0 }))
}

/** One suggestion per column name, naming every table that has it (`machine_id` is in most). */
function mergedColumns(tables: readonly { name: string; columns?: readonly CompletionColumn[] }[], rank: number): Suggestion[] {
  const byName = new Map<string, { type: string; tables: string[] }>()
  for (const table of tables) {
    for (const column of table.columns ?? []) {
      const seen = byName.get(column.name)
      if (seen === undefined) byName.set(column.name, { type: column.type, tables: [table.name] })
      else if (!seen.tables.includes(table.name)) seen.tables.push(table.name)
    }
  }
  return [...byName].map(([name, { type, tables: where }]) => ({ label: name, kind: 'column', insert: sqlIdentifier(name), detail: typed(type, where.length > 2 ? `${where.slice(0, 2).join(', ')} +${where.length - 2}` : where.join(', ')), rank }))
}

function words(list: readonly string[], kind: SuggestionKind, detail: string, rank: number): Suggestion[] {
  return list.map((word) => ({ label: word, kind, insert: word, detail, rank }))
}

function catalogTable(catalog: CatalogDescription, name: string): CatalogDescription['tables'][number] | undefined {
  return catalog.tables.find((table) => table.name.toLowerCase() === name)
}

/** `DOUBLE · kpi.machine_daily`; a WITH query's computed column has no known type. */
const typed = (type: string, where: string): string => (type === '' ? where : `${type} · ${where}`)
const bareName = (qualified: string): string => qualified.slice(qualified.lastIndexOf('.') + 1)
const tableDetail = (table: CatalogDescription['tables'][number]): string => `table · ${table.columns.length} columns`
