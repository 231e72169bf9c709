/**
 * The dependency graph of a notebook: which cell reads which, the order to evaluate them in,
 * and what is wrong, on the cells involved. Edges:
 * - sql → the sql cells it reads as tables, and the inputs whose parameters it binds;
 * - plot → its `data` cell; dropdown input → its `optionsFrom` cell;
 * - markdown → the inputs and sql cells it interpolates (`${name}`); live cells read the stream.
 * Errors: `cycle` (every cell in it), `unknown-name`, `duplicate-name`, `shadows-table` (a cell
 * named like a catalog table's bare name, `machine_daily`: DuckDB would let one hide the other),
 * `invalid-sql` (the port could not parse it), `numbered-parameter` (`$1` or `?`: inputs bind by
 * name, and a number would silently depend on the order of the cell's parameters).
 */
import { type Cell, type Notebook, isNamedCell, namesOf } from './cell.ts'
import { inputParameterNames } from './input-spec.ts'
import { markdownReferences } from './markdown.ts'
import { findCycles, topologicalOrder } from './order.ts'
import { tableCellName, type ReferencesByCell } from './references.ts'

export type GraphErrorCode = 'cycle' | 'unknown-name' | 'numbered-parameter' | 'duplicate-name' | 'shadows-table' | 'invalid-sql'

export interface GraphError {
  /** The cell's id (see cellId). */
  cell: string
  code: GraphErrorCode
  message: string
}

export interface GraphNode {
  id: string
  kind: Cell['kind']
  /** Position in the notebook. */
  index: number
  /** Ids of the cells it reads, in notebook order. */
  dependsOn: string[]
}

export interface NotebookGraph {
  nodes: ReadonlyMap<string, GraphNode>
  /** Ids of the cells it reads → ids of the cells that read them. */
  dependants: ReadonlyMap<string, readonly string[]>
  /** Every cell not in or behind a cycle, dependencies first, ties in notebook order. */
  order: string[]
  errors: GraphError[]
}

export interface GraphContext {
  references: ReferencesByCell
  /** The catalog's tables, `schema.table`. */
  catalogTables?: readonly string[]
}

/** A named cell's id is its name; a markdown cell's is `markdown-<index>` (never a name: `-`). */
export function cellId(cell: Cell, index: number): string {
  return isNamedCell(cell) ? cell.name : `markdown-${index}`
}

export function buildGraph(notebook: Notebook, context: GraphContext): NotebookGraph {
  const errors: GraphError[] = []
  const error = (cell: string, code: GraphErrorCode, message: string): void => void errors.push({ cell, code, message })
  const owners = nameOwners(notebook, error)
  const bareTables = new Set((context.catalogTables ?? []).map((table) => table.split('.').at(-1)!.toLowerCase()))
  const nodes = new Map<string, GraphNode>()
  notebook.cells.forEach((cell, index) => {
    const id = cellId(cell, index)
    if (nodes.has(id)) return // a duplicate, reported by nameOwners
    if (isNamedCell(cell) && bareTables.has(cell.name)) error(id, 'shadows-table', `${cell.name} is the name of a catalog table: rename the cell`)
    // `label` is how the reference is written: `$to`, `data: missing`, `${total}`.
    const needs = (name: string, kinds: readonly Cell['kind'][], label: string): string[] => {
      const owner = owners.get(name)
      if (owner !== undefined && kinds.includes(owner.kind)) return [owner.id]
      const wanted = kinds.map((kind) => `${kind} cell`).join(' or ')
      error(id, 'unknown-name', owner === undefined ? `${label}: no ${wanted} is named ${name}` : `${label}: ${name} is ${article(owner.kind)} ${owner.kind} cell, not ${article(kinds[0]!)} ${wanted}`)
      return []
    }
    const dependsOn: string[] = []
    if (cell.kind === 'sql') {
      const refs = context.references[cell.name]
      if (refs === undefined || 'error' in refs) error(id, 'invalid-sql', refs?.error ?? 'the SQL was not parsed')
      else {
        for (const table of refs.tables) {
          const name = tableCellName(table)
          const owner = name === undefined ? undefined : owners.get(name)
          if (owner === undefined) continue // a catalog table, or one DuckDB will report unknown
          if (owner.kind === 'sql') dependsOn.push(owner.id)
          else error(id, 'unknown-name', `${table} is ${article(owner.kind)} ${owner.kind} cell, which has no table to read`)
        }
        const [named, numbered] = splitParameters(refs.parameters)
        if (numbered.length > 0) error(id, 'numbered-parameter', numberedMessage(numbered))
        for (const parameter of named) dependsOn.push(...needs(parameter, ['input'], `$${parameter}`))
      }
    } else if (cell.kind === 'plot') dependsOn.push(...needs(cell.spec.data, ['sql'], `data ${cell.spec.data}`))
    else if (cell.kind === 'input' && cell.spec.type === 'dropdown' && cell.spec.optionsFrom !== undefined) dependsOn.push(...needs(cell.spec.optionsFrom, ['sql'], `optionsFrom ${cell.spec.optionsFrom}`))
    else if (cell.kind === 'markdown') for (const name of markdownReferences(cell.text)) dependsOn.push(...needs(name, ['input', 'sql'], `\${${name}}`))
    if (dependsOn.includes(id)) error(id, 'cycle', `cycle: ${id} reads itself`)
    nodes.set(id, { id, kind: cell.kind, index, dependsOn: [...new Set(dependsOn)].filter((dep) => dep !== id) })
  })
  const dependants = new Map<string, string[]>()
  for (const node of nodes.values()) for (const dep of node.dependsOn) dependants.set(dep, [...(dependants.get(dep) ?? []), node.id])
  for (const cycle of findCycles(nodes)) {
    const path = [...cycle, cycle[0]].join(' → ')
    for (const id of cycle) error(id, 'cycle', `cycle: ${path}`)
  }
  return { nodes, dependants, order: topologicalOrder(nodes, dependants), errors }
}

/** Which cell owns each name (its own, and an input's parameter names); a second owner is an error. */
function nameOwners(notebook: Notebook, error: (cell: string, code: GraphErrorCode, message: string) => void): Map<string, { id: string; kind: Cell['kind'] }> {
  const owners = new Map<string, { id: string; kind: Cell['kind'] }>()
  notebook.cells.forEach((cell, index) => {
    for (const name of namesOf(cell)) {
      const first = owners.get(name)
      if (first === undefined) owners.set(name, { id: cellId(cell, index), kind: cell.kind })
      else error(cellId(cell, index), 'duplicate-name', `the name ${name} is already used by the ${first.kind} cell ${first.id}`)
    }
  })
  return owners
}

/**
 * DuckDB's parser names `$1` and `?` alike, by position (`1`, `2`, …); a cell name never starts
 * with a digit, so a numbered parameter can be no input's.
 */
function splitParameters(parameters: readonly string[]): [named: string[], numbered: string[]] {
  const numbered = parameters.filter((parameter) => /^\d+$/.test(parameter))
  return [parameters.filter((parameter) => !numbered.includes(parameter)), numbered]
}

function numberedMessage(numbered: readonly string[]): string {
  const written = numbered.map((n) => `$${n}`).join(', ')
  return `numbered parameter${numbered.length > 1 ? 's' : ''} ${written} (or ?): notebooks bind inputs by name — write $name, the name of an input cell (e.g. where day >= $from)`
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a'
}
