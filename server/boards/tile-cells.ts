/**
 * Which cell a tile shows, and whether it may: each tile kind takes one cell kind (a chart a plot
 * cell, a table, stat or machine-status tile a sql cell, a markdown tile a markdown cell by its
 * `markdown-<index>` id, a live tile a live cell). Checked on every save and publish against the
 * notebooks' files, so a board never points at a cell that is not there — a 400 naming
 * `tiles.<n>.cell`. An alerts tile reads no cell (its schema refuses one): nothing to check.
 */
import { cellId, type Cell, type CellKind, type Notebook } from '../../cells/index.ts'
import { badRequest } from '../http/api-error.ts'
import type { BoardDefinition, Tile, TileKind } from './board-schemas.ts'

const CELL_KIND_OF: Record<TileKind, CellKind | undefined> = {
  chart: 'plot',
  table: 'sql',
  stat: 'sql',
  'machine-status': 'sql',
  markdown: 'markdown',
  live: 'live',
  alerts: undefined,
}

/** A notebook's parsed file by id, or undefined when there is no such notebook. */
export type NotebookSource = (id: number) => Promise<Notebook | undefined>

export function findTileCell(notebook: Notebook, tile: Pick<Tile, 'cell'>): Cell | undefined {
  return notebook.cells.find((cell, index) => cellId(cell, index) === tile.cell)
}

export async function checkTiles(definition: BoardDefinition, source: NotebookSource): Promise<void> {
  for (const [index, tile] of definition.tiles.entries()) {
    const field = `tiles.${index}`
    const wanted = CELL_KIND_OF[tile.kind]
    if (wanted === undefined || tile.notebook === undefined) continue
    const notebook = await source(tile.notebook)
    if (notebook === undefined) throw badRequest(`${field}.notebook`, `no notebook ${tile.notebook}`)
    const cell = findTileCell(notebook, tile)
    if (cell === undefined) throw badRequest(`${field}.cell`, `notebook ${tile.notebook} has no cell ${tile.cell}`)
    if (cell.kind !== wanted) throw badRequest(`${field}.cell`, `a ${tile.kind} tile shows a ${wanted} cell; ${tile.cell} is a ${cell.kind} cell`)
  }
}
