/**
 * What a tile's cell runs: the one statement composeCellSql makes of its sql cell and every
 * cell upstream (as the notebook runner runs a cell), the parameters it binds, and the catalog
 * tables it reads — asked of DuckDB's parser, as notebooks do, never of a regular expression.
 * A published tile's plan never changes (its cells are frozen), so callers keep it per version.
 */
import { buildGraph, collectReferences, composeCellSql, type ComposedSql, type Notebook, type PlotCell, type SqlReferencePort } from '../../cells/index.ts'
import { findTileCell } from './tile-cells.ts'
import type { Tile } from './board-schemas.ts'

export interface SqlTilePlan {
  type: 'sql'
  /** The sql cell that runs: the tile's own, or a chart's `data` cell. */
  cell: string
  cellSql: string
  composed: ComposedSql
  /** Catalog tables read, `schema.table`, lowercase. */
  tables: string[]
}

export interface StaticTilePlan {
  type: 'static'
  /** A chart's Plot spec or a live cell's spec; a markdown cell's text. */
  spec?: unknown
  markdown?: string
}

export interface FailedTilePlan {
  type: 'error'
  error: { code: string; message: string }
}

export type TilePlan = (SqlTilePlan & { spec?: unknown }) | StaticTilePlan | FailedTilePlan

export async function planTile(notebook: Notebook, tile: Pick<Tile, 'cell' | 'kind'>, port: SqlReferencePort, catalogTables: readonly string[]): Promise<TilePlan> {
  const cell = findTileCell(notebook, tile)
  if (cell === undefined) return { type: 'error', error: { code: 'not-found', message: `the notebook has no cell ${tile.cell}` } }
  if (cell.kind === 'markdown') return { type: 'static', markdown: cell.text }
  if (cell.kind === 'live') return { type: 'static', spec: cell.spec }
  if (cell.kind === 'input') return { type: 'error', error: { code: 'bad-request', message: `${tile.cell} is an input cell` } }
  const sqlName = cell.kind === 'plot' ? (cell as PlotCell).spec.data : cell.name
  const plan = await planSqlCell(notebook, sqlName, port, catalogTables)
  return cell.kind === 'plot' && plan.type === 'sql' ? { ...plan, spec: cell.spec } : plan
}

async function planSqlCell(notebook: Notebook, name: string, port: SqlReferencePort, catalogTables: readonly string[]): Promise<SqlTilePlan | FailedTilePlan> {
  const references = await collectReferences(notebook, port)
  const graph = buildGraph(notebook, { references, catalogTables })
  const failed = upstreamError(graph, name)
  if (failed !== undefined) return { type: 'error', error: failed }
  const target = notebook.cells.find((cell) => cell.kind === 'sql' && cell.name === name)
  if (target?.kind !== 'sql') return { type: 'error', error: { code: 'unknown-name', message: `no sql cell named ${name}` } }
  const composed = composeCellSql(notebook, name, references)
  // The composed statement parses: each of its cells did, and composing only adds CTEs. Its
  // qualified names are catalog tables (cells are CTEs now, unqualified) — whether or not the
  // table exists yet, since a published plan is kept and the table may come with a later commit.
  const read = await port.references(composed.sql)
  const tables = [...new Set(read.tables.map((table) => table.toLowerCase()).filter((table) => table.includes('.')))].sort()
  return { type: 'sql', cell: name, cellSql: target.sql, composed, tables }
}

/** A graph error on the cell or anything it reads, as the tile's error. */
function upstreamError(graph: ReturnType<typeof buildGraph>, name: string): { code: string; message: string } | undefined {
  const seen = new Set<string>()
  const stack = [name]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    const error = graph.errors.find((candidate) => candidate.cell === id)
    if (error !== undefined) return { code: error.code, message: id === name ? error.message : `${id}, which ${name} reads: ${error.message}` }
    stack.push(...(graph.nodes.get(id)?.dependsOn ?? []))
  }
  return undefined
}
