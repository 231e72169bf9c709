/**
 * How the server runs a sql cell that reads other cells' results: as ONE statement, so it goes
 * through the SQL service's sandbox and limits unchanged. Every sql cell it reads, directly or
 * through others, becomes a CTE named after the cell, dependencies first:
 *
 *     WITH "oee" AS (
 *     select machine_id, avg(oee) as oee from kpi.machine_daily where day >= $from group by 1
 *     )
 *     select * from oee order by oee limit 3
 *
 * Inputs stay `$name` parameters of the composed statement, bound by the caller, never spliced
 * into the text. A cell whose own SQL starts with WITH gets the upstream CTEs added to its list.
 */
import type { Notebook, SqlCell } from './cell.ts'
import { tableCellName, type ReferencesByCell } from './references.ts'
import { identifierOf, significant, tokenizeSql } from './sql-tokens.ts'

export interface ComposedSql {
  sql: string
  /** Parameter names (without `$`) of every cell composed, each once, to bind by name. */
  parameters: string[]
  /** Where the cell's own text lies in `sql`, for mapping an error's position back (positionInCell). */
  spans: CellSpan[]
}

/** `length` characters of the composed SQL from `at` are the cell's own from `cellAt`. */
export interface CellSpan {
  at: number
  cellAt: number
  length: number
}

export interface ComposeOptions {
  /** Cells whose results the engine already holds as tables of that name: read, not composed. */
  available?: ReadonlySet<string>
}

export function composeCellSql(notebook: Notebook, cellName: string, referencesByCell: ReferencesByCell, options: ComposeOptions = {}): ComposedSql {
  const sqlCells = new Map(notebook.cells.filter((cell): cell is SqlCell => cell.kind === 'sql').map((cell) => [cell.name, cell]))
  const target = sqlCells.get(cellName)
  if (target === undefined) throw new Error(`composeCellSql: no sql cell named ${cellName}`)
  const upstream: SqlCell[] = []
  const parameters = new Set<string>()
  const visiting = new Set<string>()
  const done = new Set<string>()
  const visit = (cell: SqlCell): void => {
    if (done.has(cell.name)) return
    if (visiting.has(cell.name)) throw new Error(`composeCellSql: ${cell.name} is in a cycle`)
    visiting.add(cell.name)
    const refs = referencesByCell[cell.name]
    if (refs === undefined || 'error' in refs) throw new Error(`composeCellSql: the references of ${cell.name} are unknown`)
    for (const table of refs.tables) {
      const name = tableCellName(table)
      const read = name === undefined || options.available?.has(name) === true ? undefined : sqlCells.get(name)
      if (read !== undefined) visit(read)
    }
    for (const parameter of refs.parameters) parameters.add(parameter.replace(/^\$/, ''))
    visiting.delete(cell.name)
    done.add(cell.name)
    if (cell !== target) upstream.push(cell)
  }
  visit(target)
  if (upstream.length === 0) return { sql: target.sql, parameters: [...parameters], spans: [{ at: 0, cellAt: 0, length: target.sql.length }] }
  const ctes = upstream.map((cell) => `"${cell.name}" AS (\n${statementBody(cell.sql)}\n)`).join(',\n')
  return { ...withCtes(ctes, statementBody(target.sql)), parameters: [...parameters] }
}

/** A 1-based line and column of the composed SQL in the cell's own text, or undefined when it lies in an upstream cell. */
export function positionInCell(composed: ComposedSql, cellSql: string, line: number, column: number): { line: number; column: number } | undefined {
  const lines = composed.sql.split('\n')
  if (line < 1 || line > lines.length) return undefined
  const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1
  const span = composed.spans.find((candidate) => offset >= candidate.at && offset <= candidate.at + candidate.length)
  if (span === undefined) return undefined
  const before = cellSql.slice(0, span.cellAt + offset - span.at).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

/** The statement without a final `;` (which may not stand inside parentheses). */
function statementBody(sql: string): string {
  const last = significant(tokenizeSql(sql)).at(-1)
  return last?.text === ';' ? sql.slice(0, last.start) + sql.slice(last.start + 1) : sql
}

/** `WITH ctes <sql>`, or the CTEs joined to the statement's own leading WITH [RECURSIVE]. */
function withCtes(ctes: string, sql: string): { sql: string; spans: CellSpan[] } {
  const words = significant(tokenizeSql(sql))
  if (words[0] === undefined || identifierOf(words[0]) !== 'with' || words[0].type !== 'word') {
    const head = `WITH ${ctes}\n`
    return { sql: head + sql, spans: [{ at: head.length, cellAt: 0, length: sql.length }] }
  }
  const after = words[1] !== undefined && words[1].type === 'word' && identifierOf(words[1]) === 'recursive' ? words[1] : words[0]
  const at = after.start + after.text.length
  const inserted = ` ${ctes},`
  return {
    sql: `${sql.slice(0, at)}${inserted}${sql.slice(at)}`,
    spans: [
      { at: 0, cellAt: 0, length: at },
      { at: at + inserted.length, cellAt: at, length: sql.length - at },
    ],
  }
}
