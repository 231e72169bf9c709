/**
 * The values a notebook's run and its markdown read: input values (defaults, then what the
 * reader chose) and scalar results (one row, one column) by cell name.
 */
import { inputDefaultValues, inputSpecSchema, type MarkdownValue } from '../../../cells/index.ts'
import type { CellRun, InputValues } from '../lib/api.ts'
import type { EditorCell } from './editor-cells.ts'
import { parseSpec } from './spec-text.ts'

/** Each input's default, overridden by the reader's choice where there is one. */
export function inputValues(cells: readonly EditorCell[], chosen: InputValues): InputValues {
  const values: InputValues = {}
  for (const cell of cells) {
    if (cell.kind !== 'input') continue
    const { spec } = parseSpec(inputSpecSchema, cell.body)
    if (spec !== undefined) Object.assign(values, inputDefaultValues(cell.name, spec))
  }
  for (const [name, value] of Object.entries(chosen)) if (name in values) values[name] = value
  return values
}

export function markdownValues(inputs: InputValues, results: Record<string, CellRun>): Record<string, MarkdownValue | undefined> {
  const values: Record<string, MarkdownValue | undefined> = {}
  for (const [name, value] of Object.entries(inputs)) values[name] = Array.isArray(value) ? value.join(', ') : value
  for (const result of Object.values(results)) {
    const only = result.rows?.length === 1 && result.rows[0]!.length === 1 ? result.rows[0]![0] : undefined
    if (only === null || ['string', 'number', 'boolean'].includes(typeof only)) values[result.name] = only as MarkdownValue
  }
  return values
}
