/**
 * The values a headless run binds for a notebook's inputs: each input's default, replaced by the
 * value the caller gave, checked against the input's spec. A value that does not fit, or a name
 * that is no input, is a 400 naming `inputs.<name>` — before any cell runs. Values reach SQL
 * only as bound parameters (`$from`; a date range as `$NAME_from`/`$NAME_to`), never as text.
 */
import { inputDefaultValues, type InputCell, type InputScalar, type InputSpec, type Notebook } from '../../cells/index.ts'
import { badRequest } from '../http/api-error.ts'
import type { RunInputs } from './notebook-schemas.ts'

type Given = RunInputs[string]

/** `today` is the plant-local day (YYYY-MM-DD) that relative date defaults (`today-6`) count from. */
export function bindInputs(notebook: Notebook, inputs: RunInputs, today: string): Record<string, InputScalar> {
  const cells = new Map(notebook.cells.filter((cell): cell is InputCell => cell.kind === 'input').map((cell) => [cell.name, cell]))
  for (const name of Object.keys(inputs)) {
    if (!cells.has(name)) throw badRequest(`inputs.${name}`, `no input cell is named ${name}${cells.size === 0 ? ' (the notebook has no inputs)' : ` (inputs: ${[...cells.keys()].join(', ')})`}`)
  }
  const values: Record<string, InputScalar> = {}
  for (const cell of cells.values()) {
    Object.assign(values, inputDefaultValues(cell.name, cell.spec, today))
    const given = inputs[cell.name]
    if (given !== undefined) Object.assign(values, valueOf(cell.name, cell.spec, given))
  }
  return values
}

function valueOf(name: string, spec: InputSpec, given: Given): Record<string, InputScalar> {
  const field = `inputs.${name}`
  if (given === null) return spec.type === 'date-range' ? { [`${name}_from`]: null, [`${name}_to`]: null } : { [name]: null }
  switch (spec.type) {
    case 'date':
      return { [name]: isoDate(field, given) }
    case 'date-range': {
      const range = Array.isArray(given) ? { from: given[0], to: given[1], count: given.length } : typeof given === 'object' ? { ...given, count: 2 } : undefined
      if (range === undefined || range.count !== 2) throw badRequest(field, 'a date range is {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} or ["YYYY-MM-DD", "YYYY-MM-DD"]')
      const from = isoDate(`${field}.from`, range.from)
      const to = isoDate(`${field}.to`, range.to)
      if (from > to) throw badRequest(field, `from ${from} is after to ${to}`)
      return { [`${name}_from`]: from, [`${name}_to`]: to }
    }
    case 'number': {
      if (typeof given !== 'number' || !Number.isFinite(given)) throw badRequest(field, 'expected a number')
      if (spec.min !== undefined && given < spec.min) throw badRequest(field, `must be at least ${spec.min}`)
      if (spec.max !== undefined && given > spec.max) throw badRequest(field, `must be at most ${spec.max}`)
      return { [name]: given }
    }
    case 'dropdown': {
      if (typeof given !== 'string' && typeof given !== 'number') throw badRequest(field, 'expected one of the options')
      // Options from a sql cell are only known once it ran; the list's are checked here.
      if (spec.options !== undefined && !spec.options.includes(given)) throw badRequest(field, `${JSON.stringify(given)} is not one of ${spec.options.map((option) => JSON.stringify(option)).join(', ')}`)
      return { [name]: given }
    }
    case 'text':
    case 'machine':
    case 'sensor':
      if (typeof given !== 'string') throw badRequest(field, 'expected text')
      return { [name]: given }
  }
}

function isoDate(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badRequest(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`)
  }
  return value
}

/**
 * An input's value as typed on a command line (`--input name=value`): numbers as numbers, a
 * date range as `FROM..TO`; everything else as text, checked by bindInputs like any value.
 */
export function inputFromText(notebook: Notebook, name: string, text: string): Given {
  const cell = notebook.cells.find((candidate): candidate is InputCell => candidate.kind === 'input' && candidate.name === name)
  if (cell?.spec.type === 'number' || (cell?.spec.type === 'dropdown' && cell.spec.options?.some((option) => typeof option === 'number') === true)) {
    const number = Number(text)
    return text.trim() !== '' && Number.isFinite(number) ? number : text
  }
  if (cell?.spec.type === 'date-range') {
    const [from, to, ...rest] = text.split('..')
    return rest.length === 0 && to !== undefined ? { from: from!, to } : text
  }
  return text
}
