/**
 * A tile for a notebook cell, as the editor adds it: which tile kinds a cell kind can be shown
 * as, an id unique on the board (tile ids are lowercase with `-`, cell names use `_`), a size
 * that suits the kind, and the first free place on the grid. An alerts tile shows no cell: its
 * id is `alerts` (made unique) and it takes its filters instead.
 */
import type { CellKind } from '../../../cells/index.ts'
import type { AlertTileOptions, StatOptions, Tile, TileKind } from '../../../server/index.ts'
import { nextFreeSlot } from './grid-layout.ts'

/** What each cell kind can be shown as; the first is the default. Inputs are no tile: board inputs feed them. */
export const TILE_KINDS_OF: Record<CellKind, TileKind[]> = {
  plot: ['chart'],
  sql: ['table', 'stat', 'machine-status'],
  markdown: ['markdown'],
  live: ['live'],
  input: [],
}

export const KIND_LABELS: Record<TileKind, string> = {
  chart: 'Chart',
  table: 'Table',
  markdown: 'Text',
  stat: 'Stat (one number)',
  live: 'Live temperatures',
  'machine-status': 'Machine status',
  alerts: 'Alerts',
}

const SIZES: Record<TileKind, { w: number; h: number }> = {
  chart: { w: 6, h: 4 },
  table: { w: 6, h: 4 },
  markdown: { w: 4, h: 2 },
  stat: { w: 3, h: 2 },
  live: { w: 6, h: 4 },
  'machine-status': { w: 4, h: 3 },
  alerts: { w: 4, h: 3 },
}

export function tileIdFor(cell: string, taken: readonly string[]): string {
  const base = cell.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'tile'
  if (!taken.includes(base)) return base
  let n = 2
  while (taken.includes(`${base}-${n}`)) n++
  return `${base}-${n}`
}

export type TileChoice =
  | { notebook: number; cell: string; kind: Exclude<TileKind, 'alerts'>; title: string; refreshSeconds?: number; stat?: StatOptions }
  | { kind: 'alerts'; title: string; alerts: AlertTileOptions }

export function newTile(tiles: readonly Tile[], choice: TileChoice): Tile {
  const { w, h } = SIZES[choice.kind]
  const box = nextFreeSlot(tiles, w, h)
  const taken = tiles.map((t) => t.id)
  // Alerts update from their stream, not on an interval: no refresh to choose.
  if (choice.kind === 'alerts') return { id: tileIdFor('alerts', taken), kind: 'alerts', title: choice.title, alerts: choice.alerts, ...box }
  const tile: Tile = { id: tileIdFor(choice.cell, taken), notebook: choice.notebook, cell: choice.cell, kind: choice.kind, title: choice.title, ...box }
  if (choice.refreshSeconds !== undefined) tile.refreshSeconds = choice.refreshSeconds
  if (choice.kind === 'stat') tile.stat = choice.stat ?? { value: 'value', format: 'number', better: 'higher' }
  return tile
}
