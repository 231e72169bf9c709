/**
 * The columns a `select` yields, as far as its text says, for completing the columns of a WITH
 * query (`with recent as (select machine_id, avg(oee) as oee …) select recent.|`): an item's
 * alias (`avg(oee) as oee`, `avg(oee) oee`), a column named bare or qualified (`m.machine_id`),
 * and `*` or `m.*` as the columns of the tables it reads. An item DuckDB would name by its
 * expression (`count(*)`) is left out. Types come along where the item is a plain column.
 */
import { identifierOf, type SqlToken } from '../../../cells/index.ts'
import { DUCKDB_KEYWORDS } from './duckdb-words.ts'
import type { CompletionColumn } from './sql-completion.ts'

/** A table the select reads, with its alias and its columns where known. */
export interface ReadTable {
  name: string
  alias?: string
  columns?: readonly CompletionColumn[]
}

// Where the select list ends at its own depth.
const LIST_ENDS = new Set(['from', 'where', 'group', 'having', 'qualify', 'window', 'order', 'limit', 'offset', 'union', 'except', 'intersect'])
const KEYWORDS = new Set(DUCKDB_KEYWORDS)

/** The select's columns, or undefined when `tokens` (significant ones) hold no select list. */
export function selectedColumns(tokens: readonly SqlToken[], read: readonly ReadTable[]): CompletionColumn[] | undefined {
  const items = selectItems(tokens)
  return items?.flatMap((item) => itemColumns(item, read))
}

function selectItems(tokens: readonly SqlToken[]): SqlToken[][] | undefined {
  let depth = 0
  let items: SqlToken[][] | undefined
  let item: SqlToken[] = []
  for (const token of tokens) {
    const word = token.type === 'word' ? token.text.toLowerCase() : undefined
    if (depth === 0 && word !== undefined) {
      if (items === undefined) {
        if (word === 'select') items = []
        continue
      }
      if (LIST_ENDS.has(word)) break
      if (item.length === 0 && (word === 'distinct' || word === 'all')) continue
    }
    if (token.text === '(') depth += 1
    else if (token.text === ')') depth -= 1
    if (items === undefined) continue
    if (depth === 0 && token.text === ',') {
      items.push(item)
      item = []
    } else item.push(token)
  }
  if (items !== undefined && item.length > 0) items.push(item)
  return items
}

function itemColumns(item: readonly SqlToken[], read: readonly ReadTable[]): CompletionColumn[] {
  const last = item.at(-1)
  if (last === undefined) return []
  if (last.text === '*') {
    const qualifier = item.at(-2)?.text === '.' && item.at(-3) !== undefined ? identifierOf(item.at(-3)!) : undefined
    const tables = qualifier === undefined ? read : read.filter((table) => table.alias === qualifier || (table.alias === undefined && bare(table.name) === qualifier))
    return tables.flatMap((table) => table.columns ?? [])
  }
  const name = identifierOf(last)
  if (name === undefined || (last.type === 'word' && KEYWORDS.has(name))) return []
  const before = item.at(-2)
  // A plain column, `machine_id` or `m.machine_id`, as its table spells it.
  if (item.length === 1) return [lookup(read, undefined, name) ?? { name, type: '' }]
  if (item.length === 3 && before?.text === '.') return [lookup(read, identifierOf(item[0]!), name) ?? { name, type: '' }]
  // An alias: `… as name`, or `avg(oee) oee` (a name right after an expression's end).
  const aliased = before !== undefined && identifierOf(before) === 'as' ? item.slice(0, -2) : before !== undefined && /[)\w"']$/.test(before.text) ? item.slice(0, -1) : undefined
  if (aliased === undefined) return []
  const source = aliased.length === 1 ? identifierOf(aliased[0]!) : aliased.length === 3 && aliased[1]!.text === '.' ? identifierOf(aliased[2]!) : undefined
  const qualifier = aliased.length === 3 ? identifierOf(aliased[0]!) : undefined
  return [{ name, type: source === undefined ? '' : (lookup(read, qualifier, source)?.type ?? '') }]
}

/** A column of the tables read (of the one `qualifier` names, if given). */
function lookup(read: readonly ReadTable[], qualifier: string | undefined, column: string): CompletionColumn | undefined {
  const tables = qualifier === undefined ? read : read.filter((table) => table.alias === qualifier || bare(table.name) === qualifier || table.name === qualifier)
  for (const table of tables) {
    const found = table.columns?.find((c) => c.name.toLowerCase() === column)
    if (found !== undefined) return found
  }
  return undefined
}

const bare = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase()
