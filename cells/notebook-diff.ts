/**
 * Which cells an edit changed, to plan what re-runs (./plan.ts): cells added, cells whose value
 * (SQL, spec, text) changed, and cells whose dependencies changed — a cell that read a cell now
 * deleted or renamed must re-run to show its new error. Layout alone (a cell's `source`, its
 * place) changes nothing. Input values are not in the notebook: the caller adds the inputs whose
 * value changed.
 */
import type { Cell, Notebook } from './cell.ts'
import { sameValue } from './cell-body.ts'
import { cellId, type NotebookGraph } from './graph.ts'

export interface NotebookVersion {
  notebook: Notebook
  graph: NotebookGraph
}

/** Ids (in `after`) of the cells the edit from `before` to `after` changed. */
export function changedCells(before: NotebookVersion, after: NotebookVersion): string[] {
  const old = new Map(before.notebook.cells.map((cell, index) => [cellId(cell, index), cell]))
  return after.notebook.cells.flatMap((cell, index) => {
    const id = cellId(cell, index)
    const was = old.get(id)
    const deps = (graph: NotebookGraph) => graph.nodes.get(id)?.dependsOn ?? []
    const changed = was === undefined || !sameValue(content(was), content(cell)) || !sameValue(deps(before.graph), deps(after.graph))
    return changed ? [id] : []
  })
}

/** A cell without its layout. */
function content(cell: Cell): unknown {
  if (cell.kind === 'markdown') return cell
  const { source: _layout, ...rest } = cell
  return rest
}
