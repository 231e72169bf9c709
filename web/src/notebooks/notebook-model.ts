/**
 * The editor's cells as cells/' Notebook, for the graph and run plans: leniently, since a cell
 * being typed may not be valid yet. A plot, input or live cell whose JSON spec does not read is
 * left out (its own frame says why); what reads it then shows an unknown name until it is fixed.
 */
import { inputSpecSchema, liveSpecSchema, plotSpecSchema, type Cell, type Notebook } from '../../../cells/index.ts'
import type { EditorCell } from './editor-cells.ts'
import { parseSpec } from './spec-text.ts'

export function notebookOf(cells: readonly EditorCell[]): Notebook {
  return { cells: cells.flatMap((cell): Cell[] => modelCell(cell)) }
}

function modelCell(cell: EditorCell): Cell[] {
  switch (cell.kind) {
    case 'markdown':
      return [{ kind: 'markdown', text: cell.body }]
    case 'sql':
      return [{ kind: 'sql', name: cell.name, sql: cell.body }]
    case 'plot': {
      const { spec } = parseSpec(plotSpecSchema, cell.body)
      return spec === undefined ? [] : [{ kind: 'plot', name: cell.name, spec }]
    }
    case 'input': {
      const { spec } = parseSpec(inputSpecSchema, cell.body)
      return spec === undefined ? [] : [{ kind: 'input', name: cell.name, spec }]
    }
    case 'live': {
      const { spec } = parseSpec(liveSpecSchema, cell.body)
      return spec === undefined ? [] : [{ kind: 'live', name: cell.name, spec }]
    }
  }
}
