/**
 * The notebook's names a sql cell may use, for completion: the other sql cells (tables, with
 * the columns of their last result where they ran) and every input's parameters — a date
 * range's two, `NAME_from` and `NAME_to` — as cells/ names them.
 */
import { inputParameterNames, inputSpecSchema } from '../../../cells/index.ts'
import type { CellRun } from '../lib/api.ts'
import type { EditorCell } from './editor-cells.ts'
import type { NotebookNames } from './sql-completion.ts'
import { parseSpec } from './spec-text.ts'

export function notebookNames(cells: readonly EditorCell[], results: Readonly<Record<string, CellRun>>, self?: string): NotebookNames {
  const names: NotebookNames = { cells: [], parameters: [], ...(self === undefined ? {} : { self }) }
  for (const cell of cells) {
    if (cell.kind === 'sql') {
      const columns = results[cell.name]?.columns
      names.cells.push(columns === undefined ? { name: cell.name } : { name: cell.name, columns })
    } else if (cell.kind === 'input') {
      const { spec } = parseSpec(inputSpecSchema, cell.body)
      // An input whose spec does not parse yet still binds its name.
      const parameters = spec === undefined ? [cell.name] : inputParameterNames(cell.name, spec)
      for (const name of parameters) names.parameters.push({ name, input: cell.name })
    }
  }
  return names
}
