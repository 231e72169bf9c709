/**
 * Renaming a cell in the editor rewrites what refers to it, and nothing else. Plot specs and
 * dropdowns name their data cell in one JSON field, markdown in `${name}` (cells' own
 * renameMarkdownReferences), inputs as `$name` parameters (unambiguous tokens). A sql cell read
 * as a table is found with cells' SQL lexer, never a regular expression over the text: only a
 * name right after FROM or JOIN (or a comma in a FROM list) is a table, so a column that shares
 * the cell's name (`select oee from oee`) stays as it is. cells/renameInSql does this exactly with
 * DuckDB's parser; the browser has none until duckdb-wasm arrives, so this is the editor's
 * careful approximation.
 */
import { identifierOf, inputParameterNames, inputSpecSchema, renameMarkdownReferences, significant, tokenizeSql } from '../../../cells/index.ts'
import type { EditorCell } from './editor-cells.ts'
import { parseSpec } from './spec-text.ts'

const TABLE_BEFORE = new Set(['from', 'join'])

/** `sql` with `$from` parameters and table references to `from` renamed. */
export function renameInSqlText(sql: string, renames: { table?: { from: string; to: string }; parameters?: ReadonlyMap<string, string> }): string {
  const tokens = tokenizeSql(sql)
  const words = significant(tokens)
  const replace = new Map<(typeof tokens)[number], string>()
  let inFromList = false
  words.forEach((token, at) => {
    const previous = words[at - 1]
    const word = identifierOf(token)
    if (token.type === 'word' && TABLE_BEFORE.has(word ?? '')) inFromList = true
    else if (token.type === 'word' && !(previous?.text === ',' || TABLE_BEFORE.has(identifierOf(previous ?? token) ?? '')) && ['where', 'group', 'order', 'having', 'limit', 'on', 'using', 'select', 'union', 'window', 'qualify'].includes(word ?? '')) inFromList = false
    if (token.type === 'parameter') {
      const renamed = renames.parameters?.get(token.text.slice(1))
      if (renamed !== undefined) replace.set(token, `$${renamed}`)
      return
    }
    const afterTableKeyword = previous !== undefined && (TABLE_BEFORE.has(identifierOf(previous) ?? '') || (inFromList && previous.text === ','))
    const qualified = words[at + 1]?.text === '.' || previous?.text === '.'
    if (renames.table && afterTableKeyword && !qualified && word === renames.table.from) replace.set(token, renames.table.to)
  })
  return replace.size === 0 ? sql : tokens.map((token) => replace.get(token) ?? token.text).join('')
}

/** A JSON spec whose `field` named the old cell, rewritten; other text stays byte for byte. */
function renameSpecField(body: string, field: 'data' | 'optionsFrom', from: string, to: string): string {
  let spec: unknown
  try {
    spec = JSON.parse(body)
  } catch (error) {
    if (error instanceof SyntaxError) return body
    throw error
  }
  if (typeof spec !== 'object' || spec === null || (spec as Record<string, unknown>)[field] !== from) return body
  // Replace only the field's value in the text, so the author's layout survives.
  return body.replace(new RegExp(`("${field}"\\s*:\\s*)"${from}"`), `$1"${to}"`)
}

/** The cells after `renamed` (already carrying its new name) was renamed from `from`. */
export function renameReferences(cells: readonly EditorCell[], renamed: EditorCell, from: string): void {
  const to = renamed.name
  const parameters = new Map<string, string>()
  if (renamed.kind === 'input') {
    const { spec } = parseSpec(inputSpecSchema, renamed.body)
    const before = spec ? inputParameterNames(from, spec) : [from]
    const after = spec ? inputParameterNames(to, spec) : [to]
    before.forEach((name, i) => parameters.set(name, after[i]!))
  }
  const table = renamed.kind === 'sql' ? { from, to } : undefined
  for (const cell of cells) {
    if (cell === renamed) continue
    if (cell.kind === 'sql') cell.body = renameInSqlText(cell.body, { table, parameters })
    else if (cell.kind === 'plot' && table) cell.body = renameSpecField(cell.body, 'data', from, to)
    else if (cell.kind === 'input' && table) cell.body = renameSpecField(cell.body, 'optionsFrom', from, to)
    else if (cell.kind === 'markdown') cell.body = renameMarkdownReferences(cell.body, new Map([[from, to], ...parameters]))
  }
}
