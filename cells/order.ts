/**
 * Order in the dependency graph, apart from what the edges mean: the cycles (Tarjan's strongly
 * connected components, so every cell of a cycle is named, not just the one where a walk
 * noticed it) and the evaluation order (Kahn's algorithm, ties broken by notebook position so
 * the order is stable and reads like the notebook).
 */
import type { GraphNode } from './graph.ts'

/** Strongly connected components of more than one cell (Tarjan), each in notebook order. */
export function findCycles(nodes: ReadonlyMap<string, GraphNode>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (id: string): void => {
    index.set(id, counter)
    low.set(id, counter)
    counter += 1
    stack.push(id)
    onStack.add(id)
    for (const dep of nodes.get(id)!.dependsOn) {
      if (!index.has(dep)) {
        visit(dep)
        low.set(id, Math.min(low.get(id)!, low.get(dep)!))
      } else if (onStack.has(dep)) low.set(id, Math.min(low.get(id)!, index.get(dep)!))
    }
    if (low.get(id) !== index.get(id)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== id)
    if (component.length > 1) cycles.push(component.sort((a, b) => nodes.get(a)!.index - nodes.get(b)!.index))
  }
  for (const id of nodes.keys()) if (!index.has(id)) visit(id)
  return cycles
}

/** Kahn's algorithm, always taking the ready cell that comes first in the notebook. */
export function topologicalOrder(nodes: ReadonlyMap<string, GraphNode>, dependants: ReadonlyMap<string, readonly string[]>): string[] {
  const waiting = new Map([...nodes.values()].map((node) => [node.id, node.dependsOn.length]))
  const ready = [...nodes.values()].filter((node) => node.dependsOn.length === 0).map((node) => node.id)
  const order: string[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => nodes.get(a)!.index - nodes.get(b)!.index)
    const id = ready.shift()!
    order.push(id)
    for (const next of dependants.get(id) ?? []) {
      const left = waiting.get(next)! - 1
      waiting.set(next, left)
      if (left === 0) ready.push(next)
    }
  }
  return order
}
