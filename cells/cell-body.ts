/**
 * A fenced cell's body ↔ its value: SQL text as written, or a JSON spec checked by its kind's
 * schema. Shared by reading and writing the notebook file, so both agree on what a body means.
 */
import type { z } from 'zod'
import type { NamedCell } from './cell.ts'
import { inputSpecSchema } from './input-spec.ts'
import { liveSpecSchema } from './live-spec.ts'
import { plotSpecSchema } from './plot-spec.ts'

export const FENCED_KINDS = ['sql', 'plot', 'input', 'live'] as const
export type FencedKind = (typeof FENCED_KINDS)[number]

const specSchemas: Record<Exclude<FencedKind, 'sql'>, z.ZodType> = { plot: plotSpecSchema, input: inputSpecSchema, live: liveSpecSchema }

export function specSchemaOf(kind: Exclude<FencedKind, 'sql'>): z.ZodType {
  return specSchemas[kind]
}

/** The value `body` holds for a cell of `kind`, or undefined when it is not valid JSON or spec. */
export function bodyValue(kind: FencedKind, body: string): unknown {
  if (kind === 'sql') return body.replace(/\r?\n$/, '')
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
  const parsed = specSchemas[kind].safeParse(json)
  return parsed.success ? parsed.data : undefined
}

/** The value a cell holds: its SQL text or its spec. */
export function cellValue(cell: NamedCell): unknown {
  return cell.kind === 'sql' ? cell.sql : cell.spec
}

/** A fresh body for a cell's value: the SQL as is, a spec as one line of JSON in the issue's style. */
export function formatBody(cell: NamedCell, eol: string): string {
  const text = cell.kind === 'sql' ? cell.sql : formatJson(cell.spec)
  return text === '' ? '' : text + eol
}

/** JSON on one line with a space after `:` and `,`, as the notebook files are written by hand. */
export function formatJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatJson).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined)
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${formatJson(item)}`).join(', ')}}`
  }
  return JSON.stringify(value)
}

/** Deep equality of JSON values, keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined)
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined)
  return keysA.length === keysB.length && keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
