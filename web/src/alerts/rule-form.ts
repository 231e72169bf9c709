/**
 * The rule editor's form as plain strings per field, and the rule JSON it stands for, both ways.
 * One table says which fields each kind has; the form never validates — alerts/ checkRule does,
 * so the browser refuses exactly what the server would. A value that is not a number stays a
 * string in the JSON, for checkRule to name at its field.
 */
import { LABEL_NAMES, OPS, SEVERITIES, SOURCE_FIELDS, SOURCES, type RuleKind, type RuleSpec } from '../../../alerts/index.ts'

export type FieldType = 'text' | 'number' | 'duration' | 'select' | 'list' | 'pairs' | 'sql'

export interface FormField {
  /** The JSON key; a dot path for the scope filter (`filter.machine_id`). */
  key: string
  label: string
  type: FieldType
  options?: readonly string[]
  hint?: string
}

export const KINDS: readonly { kind: RuleKind; label: string }[] = [
  { kind: 'threshold', label: 'Threshold' },
  { kind: 'rate_of_change', label: 'Rate of change' },
  { kind: 'deviation', label: 'Deviation' },
  { kind: 'stale', label: 'Stale' },
  { kind: 'flatline', label: 'Flatline' },
  { kind: 'sql', label: 'SQL' },
]

const ALL_FIELDS = [...new Set(Object.values(SOURCE_FIELDS).flat())]

const NAME: FormField = { key: 'name', label: 'Name', type: 'text' }
const SEVERITY: FormField = { key: 'severity', label: 'Severity', type: 'select', options: SEVERITIES }
const FOR: FormField = { key: 'for', label: 'For (pending period)', type: 'duration', hint: 'e.g. 2m; empty fires at once' }
const SOURCE: FormField = { key: 'source', label: 'Source', type: 'select', options: SOURCES }
const FIELD: FormField = { key: 'field', label: 'Field', type: 'select', options: ALL_FIELDS }
const SCOPE: FormField[] = LABEL_NAMES.map((name) => ({ key: `filter.${name}`, label: `Only ${name}`, type: 'list', hint: 'empty: all; several: comma-separated' }))
const BY: FormField = { key: 'by', label: 'One alert per', type: 'select', options: ['sensor', 'machine'] }
const LABELS: FormField = { key: 'labels', label: 'Extra labels', type: 'pairs', hint: 'team=maintenance, runbook=…' }
const OP: FormField = { key: 'op', label: 'Condition', type: 'select', options: OPS }
const STREAM = (...own: FormField[]): FormField[] => [NAME, SOURCE, FIELD, ...own, FOR, SEVERITY, ...SCOPE, BY, LABELS]

export const KIND_FIELDS: Record<RuleKind, FormField[]> = {
  threshold: STREAM(OP, { key: 'value', label: 'Value', type: 'number' }, { key: 'clear', label: 'Clears at', type: 'number', hint: 'hysteresis; empty: the value' }),
  rate_of_change: STREAM(OP, { key: 'value', label: 'Rate (per minute)', type: 'number' }, { key: 'span', label: 'Over', type: 'duration' }, { key: 'clear', label: 'Clears at', type: 'number' }),
  deviation: STREAM(
    { key: 'z', label: 'z (standard deviations)', type: 'number' },
    { key: 'baseline', label: 'Baseline', type: 'duration' },
    { key: 'direction', label: 'Direction', type: 'select', options: ['both', 'above', 'below'] },
    { key: 'clearZ', label: 'Clears below z', type: 'number' },
    { key: 'minStd', label: 'Smallest spread', type: 'number' },
  ),
  stale: [NAME, SOURCE, { key: 'after', label: 'Silent for', type: 'duration' }, FOR, SEVERITY, ...SCOPE, BY, LABELS],
  flatline: STREAM({ key: 'epsilon', label: 'Spread below (ε)', type: 'number' }),
  sql: [NAME, { key: 'sql', label: 'Query', type: 'sql' }, { key: 'every', label: 'Every', type: 'duration' }, { key: 'labels', label: 'Label columns', type: 'list', hint: 'comma-separated' }, FOR, SEVERITY],
}

export interface RuleForm {
  kind: RuleKind
  values: Record<string, string>
  enabled: boolean
  /** Keys of the JSON the form has no field for: kept, so checkRule names them ("unknown field"). */
  extra: Record<string, unknown>
}

function readPath(spec: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), spec)
}

function toText(value: unknown, type: FieldType): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  if (type === 'pairs' && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(', ')
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function fromText(text: string, field: FormField, kind: RuleKind): unknown {
  const trimmed = field.type === 'sql' ? text : text.trim()
  if (field.type === 'number') return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed
  if (field.type === 'list') {
    const items = trimmed.split(',').map((item) => item.trim()).filter((item) => item !== '')
    // A filter takes one value or a list; a SQL rule's label columns are always a list.
    return kind !== 'sql' && items.length === 1 ? items[0] : items
  }
  if (field.type === 'pairs') {
    const pairs = trimmed.split(',').map((pair) => pair.split('='))
    if (pairs.some((pair) => pair.length !== 2)) return trimmed
    return Object.fromEntries(pairs.map(([k, v]) => [k!.trim(), v!.trim()]))
  }
  return trimmed
}

export function specToForm(spec: Record<string, unknown>): RuleForm {
  const kind = (KINDS.some((k) => k.kind === spec.kind) ? spec.kind : 'threshold') as RuleKind
  const fields = KIND_FIELDS[kind]
  const values = Object.fromEntries(fields.map((field) => [field.key, toText(readPath(spec, field.key), field.type)]))
  const known = new Set(['kind', 'enabled', ...fields.map((field) => field.key.split('.')[0]!)])
  const extra = Object.fromEntries(Object.entries(spec).filter(([key]) => !known.has(key)))
  const filter = spec.filter
  // Filter keys the form has no field for (a typo such as `machine`) travel on too.
  if (filter !== null && typeof filter === 'object') {
    const unknownFilter = Object.entries(filter).filter(([key]) => !(LABEL_NAMES as readonly string[]).includes(key))
    if (unknownFilter.length > 0) extra.filter = Object.fromEntries(unknownFilter)
  }
  return { kind, values, enabled: spec.enabled !== false, extra }
}

export function formToSpec(form: RuleForm): RuleSpec {
  const spec: Record<string, unknown> = { kind: form.kind }
  for (const field of KIND_FIELDS[form.kind]) {
    const text = form.values[field.key] ?? ''
    if (text.trim() === '') continue
    const value = fromText(text, field, form.kind)
    const [head, tail] = field.key.split('.')
    if (tail === undefined) spec[head!] = value
    else spec[head!] = { ...(spec[head!] as Record<string, unknown> | undefined), [tail]: value }
  }
  for (const [key, value] of Object.entries(form.extra)) {
    spec[key] = key === 'filter' && typeof value === 'object' ? { ...(value as object), ...(spec.filter as object | undefined) } : value
  }
  if (!form.enabled) spec.enabled = false
  return spec as RuleSpec
}

/** Switching kind keeps what the kinds share (name, severity, scope, …) and drops the rest. */
export function changeKind(form: RuleForm, kind: RuleKind): RuleForm {
  const keys = new Set(KIND_FIELDS[kind].map((field) => field.key))
  const values = Object.fromEntries([...keys].map((key) => [key, (form.kind === 'sql') !== (kind === 'sql') && key === 'labels' ? '' : (form.values[key] ?? '')]))
  return { ...form, kind, values }
}

/** The fields a source offers, for the Field select. */
export function fieldChoices(source: string): readonly string[] {
  return SOURCE_FIELDS[source as keyof typeof SOURCE_FIELDS] ?? ALL_FIELDS
}
