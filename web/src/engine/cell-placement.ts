/**
 * Where a sql cell runs (issue 13, "Where cells run"): a cell that reads anything but other
 * cells — a catalog table (`kpi.machine_daily`), or a name that is no cell — runs on the
 * server's SQL service, composed with every upstream cell it reads as a CTE (the server holds
 * no cell results). A cell that reads only cells and inputs runs in duckdb-wasm, reading the
 * cells the browser holds as tables and composing the others. Without duckdb-wasm (still
 * loading) every cell runs on the server. Pure: the caller runs the statement.
 */
import { composeCellSql, tableCellName, type ComposedSql, type Notebook, type ReferencesByCell } from '../../../cells/index.ts'

export type RunPlace = 'browser' | 'server'

export interface Placement {
  where: RunPlace
  composed: ComposedSql
}

/** `loaded`: the cells whose complete results duckdb-wasm holds as tables; undefined while it loads. */
export function placeCell(notebook: Notebook, name: string, references: ReferencesByCell, loaded: ReadonlySet<string> | undefined): Placement {
  if (loaded === undefined || readsBeyondCells(notebook, name, references, loaded)) return { where: 'server', composed: composeCellSql(notebook, name, references) }
  const available = new Set([...loaded].filter((cell) => cell !== name))
  return { where: 'browser', composed: composeCellSql(notebook, name, references, { available }) }
}

/** Whether the cell, or an upstream cell it would compose (one not loaded), reads a table that is no sql cell. */
function readsBeyondCells(notebook: Notebook, name: string, references: ReferencesByCell, loaded: ReadonlySet<string>): boolean {
  const sqlCells = new Set(notebook.cells.flatMap((cell) => (cell.kind === 'sql' ? [cell.name] : [])))
  const seen = new Set<string>()
  const visit = (cell: string): boolean => {
    if (seen.has(cell)) return false
    seen.add(cell)
    const refs = references[cell]
    if (refs === undefined || 'error' in refs) return true
    return refs.tables.some((table) => {
      const read = tableCellName(table)
      if (read === undefined || !sqlCells.has(read)) return true
      return read !== name && !loaded.has(read) && visit(read)
    })
  }
  return visit(name)
}
