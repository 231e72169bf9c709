/**
 * Where tiles sit on a board's 12-column grid, as the board definition stores them
 * (`x, y, w, h` in grid cells), and the two ways the web app draws them: a CSS grid for
 * viewing (no library: viewers, managers and TVs never load the editor's drag code) and
 * gridstack's nodes while editing. Pure, so layout rules are tested without a DOM.
 */
import type { Tile } from '../../../server/index.ts'

export const GRID_COLUMNS = 12

export interface GridBox {
  x: number
  y: number
  w: number
  h: number
}

/** A gridstack node as the editor reads it back after a drag or resize. */
export interface GridNode extends Partial<GridBox> {
  id?: string
}

/** The CSS grid placement of a tile (grid lines are 1-based). */
export function gridArea(box: GridBox): string {
  return `${box.y + 1} / ${box.x + 1} / span ${box.h} / span ${box.w}`
}

/** Keeps a box on the grid: at least one cell, never past the 12th column. */
export function clampBox(box: GridBox): GridBox {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(box.w)))
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(box.x)))
  return { x, y: Math.max(0, Math.round(box.y)), w, h: Math.max(1, Math.round(box.h)) }
}

/**
 * The tiles after gridstack moved some: each node names its tile by id; tiles it does not
 * mention keep their place. Returns the same array when nothing moved, so a save is not
 * offered for a click that changed nothing.
 */
export function applyGridChange<T extends Tile>(tiles: T[], nodes: readonly GridNode[]): T[] {
  const moved = new Map(nodes.filter((node) => node.id !== undefined).map((node) => [node.id!, node]))
  let changed = false
  const next = tiles.map((tile) => {
    const node = moved.get(tile.id)
    if (node === undefined) return tile
    const box = clampBox({ x: node.x ?? tile.x, y: node.y ?? tile.y, w: node.w ?? tile.w, h: node.h ?? tile.h })
    if (box.x === tile.x && box.y === tile.y && box.w === tile.w && box.h === tile.h) return tile
    changed = true
    return { ...tile, ...box }
  })
  return changed ? next : tiles
}

const overlaps = (a: GridBox, b: GridBox): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** The first free place for a new tile of `w × h`, reading rows top to bottom, left to right. */
export function nextFreeSlot(tiles: readonly GridBox[], w: number, h: number): GridBox {
  const width = Math.min(GRID_COLUMNS, Math.max(1, w))
  const bottom = tiles.reduce((max, tile) => Math.max(max, tile.y + tile.h), 0)
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + width <= GRID_COLUMNS; x++) {
      const box = { x, y, w: width, h }
      if (!tiles.some((tile) => overlaps(tile, box))) return box
    }
  }
  return { x: 0, y: bottom, w: width, h }
}

/** Tiles in reading order (top to bottom, then left to right): the order of keyboard focus and of a narrow screen's single column. */
export function readingOrder<T extends GridBox>(tiles: readonly T[]): T[] {
  return [...tiles].sort((a, b) => a.y - b.y || a.x - b.x)
}
