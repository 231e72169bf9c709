/**
 * The "what changed" of a notebook version, for people reading its history: cells added,
 * removed and changed, by name ("added oee; changed worst; removed chart").
 */
import type { OutlineCell } from './notebook-outline.ts'

export function summarizeChange(before: readonly OutlineCell[] | undefined, after: readonly OutlineCell[]): string {
  if (before === undefined) return after.length === 0 ? 'created (empty)' : `created with ${after.length} cell${after.length === 1 ? '' : 's'}`
  const old = new Map(before.map((cell) => [cell.name, cell]))
  const now = new Map(after.map((cell) => [cell.name, cell]))
  const added = after.filter((cell) => !old.has(cell.name)).map((cell) => cell.name)
  const removed = before.filter((cell) => !now.has(cell.name)).map((cell) => cell.name)
  const changed = after.filter((cell) => {
    const was = old.get(cell.name)
    return was !== undefined && (was.info !== cell.info || was.body !== cell.body)
  }).map((cell) => cell.name)
  const parts = [list('added', added), list('changed', changed), list('removed', removed)].filter((part) => part !== '')
  if (parts.length > 0) return parts.join('; ')
  const moved = before.map((cell) => cell.name).join('\n') !== after.map((cell) => cell.name).join('\n')
  return moved ? 'cells reordered' : 'no cell changed'
}

function list(verb: string, names: string[]): string {
  return names.length === 0 ? '' : `${verb} ${names.join(', ')}`
}
