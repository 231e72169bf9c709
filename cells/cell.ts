/**
 * The cells of a notebook, one zod schema per kind, and the notebook: an ordered list of cells
 * whose names are unique. Cells read from a notebook file also keep their `source` (the exact
 * fence lines and body as written) so that exporting an unchanged cell gives back its bytes;
 * see ./notebook-file.ts. Markdown cells are their text verbatim and need no source.
 */
import { z } from 'zod'
import { cellNameSchema } from './cell-name.ts'
import { inputParameterNames, inputSpecSchema } from './input-spec.ts'
import { liveSpecSchema } from './live-spec.ts'
import { plotSpecSchema } from './plot-spec.ts'

export const CELL_KINDS = ['sql', 'plot', 'input', 'markdown', 'live'] as const
export type CellKind = (typeof CELL_KINDS)[number]

/** A fenced cell as written in its file: opening line, body and closing line, each with its line ending. */
export const cellSourceSchema = z.object({ open: z.string(), body: z.string(), close: z.string() }).strict()
export type CellSource = z.infer<typeof cellSourceSchema>

const source = cellSourceSchema.optional()

export const sqlCellSchema = z.object({ kind: z.literal('sql'), name: cellNameSchema, sql: z.string(), source }).strict()
export const plotCellSchema = z.object({ kind: z.literal('plot'), name: cellNameSchema, spec: plotSpecSchema, source }).strict()
export const inputCellSchema = z.object({ kind: z.literal('input'), name: cellNameSchema, spec: inputSpecSchema, source }).strict()
export const liveCellSchema = z.object({ kind: z.literal('live'), name: cellNameSchema, spec: liveSpecSchema, source }).strict()
export const markdownCellSchema = z.object({ kind: z.literal('markdown'), text: z.string() }).strict()

export const cellSchema = z.discriminatedUnion('kind', [sqlCellSchema, plotCellSchema, inputCellSchema, markdownCellSchema, liveCellSchema])

export type SqlCell = z.infer<typeof sqlCellSchema>
export type PlotCell = z.infer<typeof plotCellSchema>
export type InputCell = z.infer<typeof inputCellSchema>
export type LiveCell = z.infer<typeof liveCellSchema>
export type MarkdownCell = z.infer<typeof markdownCellSchema>
export type Cell = z.infer<typeof cellSchema>
/** Every cell but markdown has a name. */
export type NamedCell = Exclude<Cell, MarkdownCell>

export const notebookSchema = z
  .object({ cells: z.array(cellSchema) })
  .strict()
  .superRefine((notebook, ctx) => {
    const seen = new Set<string>()
    notebook.cells.forEach((cell, index) => {
      for (const name of namesOf(cell)) {
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['cells', index, 'name'], message: `the name ${name} is used twice` })
        seen.add(name)
      }
    })
  })
export type Notebook = z.infer<typeof notebookSchema>

export function isNamedCell(cell: Cell): cell is NamedCell {
  return cell.kind !== 'markdown'
}

/** The names a cell occupies: its own, and for a date-range input its two parameters too. */
export function namesOf(cell: Cell): string[] {
  if (cell.kind === 'markdown') return []
  if (cell.kind === 'input') return [...new Set([cell.name, ...inputParameterNames(cell.name, cell.spec)])]
  return [cell.name]
}

export function findCell(notebook: Notebook, name: string): NamedCell | undefined {
  return notebook.cells.find((cell): cell is NamedCell => isNamedCell(cell) && cell.name === name)
}
