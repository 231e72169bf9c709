/**
 * The notebook model, pure TypeScript shared by server and web: cell kinds, references between
 * cells, the dependency graph and evaluation order. It arrives with the notebook issue; this
 * file fixes the folder's public surface and its rule: no I/O, no `node:*`, no DOM.
 */
export const CELL_KINDS = ['sql', 'plot', 'input', 'markdown', 'live'] as const
export type CellKind = (typeof CELL_KINDS)[number]
