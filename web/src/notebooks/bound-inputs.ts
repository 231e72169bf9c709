/**
 * The values a sql cell's parameters are bound to when it runs: the inputs' values (defaults and
 * the reader's choices), and for a dropdown nobody chose whose options come from a sql cell, its
 * first option once that cell has answered — cells/' dropdownValue, the rule the server's
 * headless run applies too. Read at the moment a cell runs, since the options cell may have
 * answered earlier in the same run.
 */
import { dropdownValue, inputSpecSchema, optionsFromRows } from '../../../cells/index.ts'
import type { CellRun, InputValues } from '../lib/api.ts'
import type { EditorCell } from './editor-cells.ts'
import { parseSpec } from './spec-text.ts'

export function boundInputs(cells: readonly EditorCell[], values: InputValues, results: Readonly<Record<string, CellRun>>): InputValues {
  const bound = { ...values }
  for (const cell of cells) {
    if (cell.kind !== 'input') continue
    const { spec } = parseSpec(inputSpecSchema, cell.body)
    if (spec?.type !== 'dropdown' || spec.optionsFrom === undefined) continue
    const chosen = values[cell.name]
    const options = optionsFromRows(results[spec.optionsFrom]?.rows ?? [])
    bound[cell.name] = dropdownValue(spec, typeof chosen === 'string' || typeof chosen === 'number' ? chosen : null, options)
  }
  return bound
}
