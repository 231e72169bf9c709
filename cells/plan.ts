/**
 * Reactivity: which cells to run after a change. A change to a cell or an input re-runs exactly
 * the cells downstream of it (and itself), dependencies first; every other cell keeps its
 * result. A cell with a graph error, or behind one, is not run but listed as skipped with the
 * reason, so the UI can say why it shows no result. Input cells appear in a plan too: for them
 * "running" means taking the new value.
 */
import type { NotebookGraph } from './graph.ts'

export interface SkippedCell {
  cell: string
  reason: string
}

export interface RunPlan {
  /** Cell ids to run, in this order. */
  run: string[]
  /** Cell ids downstream of the change that cannot run, in notebook order. */
  skipped: SkippedCell[]
}

/** The plan after `changed` (cell ids: an edited cell, or an input whose value changed). */
export function planRun(graph: NotebookGraph, changed: Iterable<string>): RunPlan {
  const affected = downstream(graph, changed)
  const blocked = blockedCells(graph)
  const run = graph.order.filter((id) => affected.has(id) && !blocked.has(id))
  const skipped = [...affected]
    .filter((id) => blocked.has(id))
    .sort((a, b) => graph.nodes.get(a)!.index - graph.nodes.get(b)!.index)
    .map((cell) => ({ cell, reason: blocked.get(cell)! }))
  return { run, skipped }
}

/** The plan that runs the whole notebook (opening it, a headless run). */
export function planFullRun(graph: NotebookGraph): RunPlan {
  return planRun(graph, graph.nodes.keys())
}

/** The changed cells and everything that reads them, transitively. */
export function downstream(graph: NotebookGraph, changed: Iterable<string>): Set<string> {
  const seen = new Set<string>()
  const queue = [...changed].filter((id) => graph.nodes.has(id))
  while (queue.length > 0) {
    const id = queue.shift()!
    if (seen.has(id)) continue
    seen.add(id)
    queue.push(...(graph.dependants.get(id) ?? []))
  }
  return seen
}

/** Cells that cannot run, with why: their own error, or one upstream. */
function blockedCells(graph: NotebookGraph): Map<string, string> {
  const blocked = new Map<string, string>()
  for (const error of graph.errors) if (!blocked.has(error.cell)) blocked.set(error.cell, error.message)
  // A cell outside the order is in a cycle or behind one.
  const ordered = new Set(graph.order)
  for (const id of graph.nodes.keys()) {
    if (ordered.has(id) || blocked.has(id)) continue
    const cyclic = graph.nodes.get(id)!.dependsOn.find((dep) => !ordered.has(dep))
    blocked.set(id, `depends on ${cyclic}, which is in or behind a cycle`)
  }
  for (const id of graph.order) {
    if (blocked.has(id)) continue
    const broken = graph.nodes.get(id)!.dependsOn.find((dep) => blocked.has(dep))
    if (broken !== undefined) blocked.set(id, `depends on ${broken}, which cannot run`)
  }
  return blocked
}
