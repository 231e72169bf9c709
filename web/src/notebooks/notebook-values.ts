/**
 * The values a notebook's run and its markdown read: input values (defaults, then what the
 * reader chose) and scalar results (one row, one column) by cell name.
 */
import { inputDefaultValues, inputSpecSchema, type MarkdownValue } from '../../../cells/index.ts'
import type { CellRun, InputValues } from '../lib/api.ts'
import type { EditorCell } from './editor-cells.ts'
import { parseSpec } from './spec-text.ts'

/**
 * Each input's default, overridden by the reader's choice where there is one; `today` is the
 * plant-local day relative defaults (`today-6`) count from.
 */
export function inputValues(cells: readonly EditorCell[], chosen: InputValues, today: string): InputValues {
  const values: InputValues = {}
  for (const cell of cells) {
    if (cell.kind !== 'input') continue
    const { spec } = parseSpec(inputSpecSchema, cell.body)
    if (spec !== undefined) Object.assign(values, inputDefaultValues(cell.name, spec, today))
  }
  for (const [name, value] of Object.entries(chosen)) if (name in values) values[name] = value
  return values
}

/**
 * What a run request carries: one value per input cell, by the cell's name, as the server's
 * `{inputs}` takes them — a date range as its `[from, to]` pair, not the two parameters
 * (`NAME_from`, `NAME_to`) it binds. A range with an open end is left out, so its default holds.
 */
export function runInputs(cells: readonly EditorCell[], values: InputValues): InputValues {
  const inputs: InputValues = {}
  for (const cell of cells) {
    if (cell.kind !== 'input') continue
    const { spec } = parseSpec(inputSpecSchema, cell.body)
    if (spec === undefined) continue
    if (spec.type !== 'date-range') {
      if (cell.name in values) inputs[cell.name] = values[cell.name]!
      continue
    }
    const from = values[`${cell.name}_from`]
    const to = values[`${cell.name}_to`]
    if (typeof from === 'string' && typeof to === 'string') inputs[cell.name] = [from, to]
  }
  return inputs
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
