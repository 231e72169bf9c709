/**
 * Renaming a cell and every reference to it: tables and `$parameters` in sql cells (through
 * ./sql-rename.ts, which asks DuckDB's parser), a plot's `data`, a dropdown's `optionsFrom` and
 * `${name}` in markdown. A date-range input's two parameters follow its name. The notebook is
 * not changed; a new one comes back, or the reason the rename is refused.
 */
import { type Cell, type Notebook, isNamedCell, namesOf } from './cell.ts'
import { isCellName } from './cell-name.ts'
import { cellId } from './graph.ts'
import { inputParameterNames } from './input-spec.ts'
import { renameMarkdownReferences } from './markdown.ts'
import type { SqlReferencePort } from './references.ts'
import { renameInSql, type SqlRenames } from './sql-rename.ts'

export type RenameResult = { ok: true; notebook: Notebook; rewritten: string[] } | { ok: false; error: string }

export async function renameCell(notebook: Notebook, from: string, to: string, port: SqlReferencePort): Promise<RenameResult> {
  const target = notebook.cells.find((cell) => isNamedCell(cell) && cell.name === from)
  if (target === undefined || !isNamedCell(target)) return { ok: false, error: `no cell is named ${from}` }
  if (!isCellName(to)) return { ok: false, error: `${to} is no cell name: lowercase letters, digits and _, not starting with a digit` }
  const renamed = { ...target, name: to } as Cell
  const taken = new Set(notebook.cells.filter((cell) => cell !== target).flatMap(namesOf))
  const clash = namesOf(renamed).find((name) => taken.has(name))
  if (clash !== undefined) return { ok: false, error: `the name ${clash} is already used` }

  const names = new Map([[from, to]])
  const sqlRenames: SqlRenames = {}
  if (target.kind === 'sql') sqlRenames.table = { from, to }
  if (target.kind === 'input') {
    const before = inputParameterNames(from, target.spec)
    const after = inputParameterNames(to, target.spec)
    sqlRenames.parameters = new Map(before.map((name, index) => [name, after[index]!]))
    for (const [old, now] of sqlRenames.parameters) names.set(old, now)
  }
  const cells = await Promise.all(notebook.cells.map((cell) => (cell === target ? renamed : rewriteReferences(cell, from, to, names, sqlRenames, port))))
  const rewritten = notebook.cells.flatMap((cell, index) => (cells[index] !== cell && cell !== target ? [cellId(cell, index)] : []))
  return { ok: true, notebook: { ...notebook, cells }, rewritten }
}

async function rewriteReferences(cell: Cell, from: string, to: string, names: ReadonlyMap<string, string>, sqlRenames: SqlRenames, port: SqlReferencePort): Promise<Cell> {
  switch (cell.kind) {
    case 'sql': {
      const sql = await renameInSql(cell.sql, sqlRenames, port)
      return sql === cell.sql ? cell : { ...cell, sql }
    }
    case 'plot':
      return cell.spec.data === from ? { ...cell, spec: { ...cell.spec, data: to } } : cell
    case 'input':
      return cell.spec.type === 'dropdown' && cell.spec.optionsFrom === from ? { ...cell, spec: { ...cell.spec, optionsFrom: to } } : cell
    case 'markdown': {
      const text = renameMarkdownReferences(cell.text, names)
      return text === cell.text ? cell : { ...cell, text }
    }
    case 'live':
      return cell
  }
}
