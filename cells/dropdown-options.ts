/**
 * A dropdown's options and its value when nobody chose one. Options listed in the spec are known
 * at once; options from a sql cell (`optionsFrom`) only once that cell ran: its first column.
 * Without a choice and without a default, a dropdown takes its first option — the server's
 * headless run and the editor apply this one rule, so both bind the same value.
 */
import type { InputScalar, InputSpec } from './input-spec.ts'

export type DropdownOption = string | number

/**
 * The options a result's rows give: the first column, numbers kept as numbers, everything else
 * as its text (big integers and decimals come as strings already), nulls and repeats left out.
 */
export function optionsFromRows(rows: readonly (readonly unknown[])[]): DropdownOption[] {
  const options: DropdownOption[] = []
  for (const row of rows) {
    const first = row[0]
    if (first === null || first === undefined) continue
    const option = typeof first === 'number' ? first : String(first)
    if (!options.includes(option)) options.push(option)
  }
  return options
}

/**
 * The value a dropdown binds: the one chosen (or given to a run), else its default, else its
 * first option once the options are known; null while there are none. A value that is not one
 * of the options is the caller's to refuse.
 */
export function dropdownValue(spec: Extract<InputSpec, { type: 'dropdown' }>, chosen: InputScalar | undefined, options: readonly DropdownOption[]): InputScalar {
  if (chosen !== null && chosen !== undefined) return chosen
  return spec.default ?? options[0] ?? null
}
