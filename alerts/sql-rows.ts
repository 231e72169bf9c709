/**
 * A SQL rule's run as signals: every returned row is a breach keyed by the rule's label columns;
 * a key the run no longer returns is clear. The query itself runs in jobs/ (it needs the catalog).
 */
import type { Signal } from './lifecycle.ts'
import type { SqlRule } from './rule.ts'
import type { Labels } from './series-key.ts'

export interface RowSignal {
  key: string
  labels: Labels
  signal: Signal
}

function labelsOf(rule: SqlRule, row: Record<string, unknown>): Labels {
  return Object.fromEntries(rule.labels.map((column) => [column, String(row[column] ?? '')]))
}

/** The first numeric column that is not a label: what the alert shows as its value. */
function valueOf(rule: SqlRule, row: Record<string, unknown>): number {
  for (const [column, value] of Object.entries(row)) {
    if (!rule.labels.includes(column) && typeof value === 'number') return value
  }
  return Number.NaN
}

export function sqlRowsSignals(rule: SqlRule, known: Iterable<string>, rows: readonly Record<string, unknown>[]): RowSignal[] {
  const seen = new Set<string>()
  const signals: RowSignal[] = []
  for (const row of rows) {
    const labels = labelsOf(rule, row)
    const key = JSON.stringify(rule.labels.map((column) => labels[column]))
    if (seen.has(key)) continue
    seen.add(key)
    const value = valueOf(rule, row)
    signals.push({ key, labels: { ...labels }, signal: { breach: true, clear: false, value, severity: Number.isNaN(value) ? 0 : Math.abs(value) } })
  }
  for (const key of [...known]) {
    if (!seen.has(key)) signals.push({ key, labels: {}, signal: { breach: false, clear: true, value: Number.NaN, severity: 0 } })
  }
  return signals
}
