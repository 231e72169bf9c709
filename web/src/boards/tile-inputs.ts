/**
 * Which board inputs a tile reads, so that changing one re-runs only the tiles that depend on
 * it. The server says, in each tile run's `inputs`, which cell inputs the tile's statement binds; a tile's
 * `bind` maps a cell input to a board input of another name, and a cell input with a board
 * input's name takes it (server/boards/board-schemas.ts). Before its first run a tile may read
 * any input.
 */
import type { BoardInput, Tile } from '../../../server/index.ts'

/** A board input's value in the query string: a preset name, a machine or line id; undefined = all. */
export type InputValues = Record<string, string | undefined>

/**
 * The board inputs a tile's last run read; undefined before it has run. The server lists every
 * cell input the tile's statement binds, null where the board gave none (a machine filter on
 * "all"), so an input not listed does not change the tile.
 */
export function boardInputsOfTile(tile: Pick<Tile, 'bind'>, boardInputs: readonly string[], bound: Record<string, unknown> | undefined): Set<string> | undefined {
  if (bound === undefined) return undefined
  const names = Object.keys(bound).map((cellInput) => tile.bind?.[cellInput] ?? cellInput)
  return new Set(names.filter((name) => boardInputs.includes(name)))
}

/** Whether a tile must re-run: an input it reads (any, before its first run) differs from the value its last run used. */
export function inputsChanged(used: InputValues | undefined, current: InputValues, reads: Set<string> | undefined): boolean {
  if (used === undefined) return true
  const names = reads ?? new Set([...Object.keys(used), ...Object.keys(current)])
  return [...names].some((name) => used[name] !== current[name])
}

/** The values a board opens with: each input's default. */
export function defaultInputValues(inputs: readonly BoardInput[]): InputValues {
  return Object.fromEntries(inputs.map((input) => [input.name, input.default]))
}

/** Does a catalog commit touch a table the tile read? (names as `schema.table`, compared case-insensitively) */
export function readsAnyOf(tables: readonly string[] | undefined, committed: readonly string[]): boolean {
  if (tables === undefined) return false
  const touched = new Set(committed.map((name) => name.toLowerCase()))
  return tables.some((name) => touched.has(name.toLowerCase()))
}
