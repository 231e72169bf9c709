/**
 * A board's inputs as a tile's cell inputs. The viewer gives board inputs by name (query
 * string); each resolves once per request (a time-range preset to its days), and each input cell
 * of the tile's notebook whose name — or `bind` entry — names a board input takes its value in
 * the cell's own terms: a date range the plant-local days `[from, to]`, a date the first day, a
 * machine, sensor, text or dropdown the id. Values the board does not give keep the cell's default.
 */
import { inputParameterNames, type InputCell, type Notebook } from '../../cells/index.ts'
import { badRequest } from '../http/api-error.ts'
import type { RunInputs } from '../notebooks/notebook-schemas.ts'
import type { BoardInput, Tile } from './board-schemas.ts'
import { resolveTimeRange, type ResolvedRange } from './time-range.ts'

export type BoardValue = { kind: 'time-range'; range: ResolvedRange } | { kind: 'machine' | 'line'; id: string | undefined }

/** Board input values by name, from the query string (or each input's default). */
export function resolveBoardInputs(inputs: readonly BoardInput[], given: Record<string, string>, now: Date, plantTz: string): Record<string, BoardValue> {
  const values: Record<string, BoardValue> = {}
  for (const input of inputs) {
    const text = given[input.name]
    if (input.kind === 'time-range') {
      const preset = text ?? input.default
      if (text !== undefined && input.presets !== undefined && !text.includes('..') && !(input.presets as string[]).includes(text)) throw badRequest(input.name, `this board offers ${input.presets.join(', ')} or FROM..TO`)
      values[input.name] = { kind: 'time-range', range: resolveTimeRange(input.name, preset, now, plantTz) }
    } else values[input.name] = { kind: input.kind, id: text === undefined || text === '' ? input.default : text }
  }
  return values
}

/** The notebook's input values a tile's run binds. */
export function tileRunInputs(notebook: Notebook, tile: Pick<Tile, 'bind'>, values: Record<string, BoardValue>): RunInputs {
  const inputs: RunInputs = {}
  for (const cell of notebook.cells) {
    if (cell.kind !== 'input') continue
    const value = values[tile.bind?.[cell.name] ?? cell.name]
    if (value === undefined) continue
    const converted = cellValue(cell, value)
    if (converted !== undefined) inputs[cell.name] = converted
  }
  return inputs
}

/**
 * The cell inputs a tile's statement binds — those with a parameter among `parameters` — each with
 * the value the board gave it, or null when it gave none (the cell's default binds). The answer
 * lists only these, so the web re-runs a tile only when an input it reads changes.
 */
export function usedRunInputs(notebook: Notebook, parameters: readonly string[], given: RunInputs): Record<string, RunInputs[string] | null> {
  const bound = new Set(parameters)
  const used: Record<string, RunInputs[string] | null> = {}
  for (const cell of notebook.cells) {
    if (cell.kind === 'input' && [cell.name, ...inputParameterNames(cell.name, cell.spec)].some((name) => bound.has(name))) used[cell.name] = given[cell.name] ?? null
  }
  return used
}

function cellValue(cell: InputCell, value: BoardValue): RunInputs[string] | undefined {
  if (value.kind === 'time-range') {
    if (cell.spec.type === 'date-range') return { from: value.range.fromDay, to: value.range.toDay }
    if (cell.spec.type === 'date') return value.range.fromDay
    return undefined
  }
  if (value.id === undefined) return undefined
  return ['machine', 'sensor', 'text', 'dropdown'].includes(cell.spec.type) ? value.id : undefined
}

/** The board's query-string values other than the route's own parameters. */
export function boardInputQuery(query: Record<string, string>, own: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !own.includes(name)))
}
