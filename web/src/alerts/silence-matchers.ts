/**
 * Label matchers as people type them — `machine_id=M07, sensor_id!=M07-T2` — and back; the
 * silence form's one text field. A part that is no matcher is named, not dropped.
 */
import type { LabelMatcher } from './alert-types.ts'

export type Parsed = { ok: true; matchers: LabelMatcher[] } | { ok: false; message: string }

export function parseMatchers(text: string): Parsed {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '')
  if (parts.length === 0) return { ok: false, message: 'name at least one label, e.g. machine_id=M07' }
  const matchers: LabelMatcher[] = []
  for (const part of parts) {
    const match = /^([A-Za-z_][\w]*)\s*(!=|=)\s*(.*)$/.exec(part)
    if (!match) return { ok: false, message: `"${part}" is not label=value or label!=value` }
    matchers.push({ label: match[1]!, op: match[2] as '=' | '!=', value: match[3]!.trim() })
  }
  return { ok: true, matchers }
}

export function matcherText(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.label}${m.op}${m.value}`).join(', ')
}
