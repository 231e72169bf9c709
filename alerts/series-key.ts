/**
 * Which series an input belongs to under a rule: its labels (machine, sensor, line and the rule's
 * own), its key, and whether the rule's scope filter admits it.
 */
import type { SeriesLabels } from './input.ts'
import type { StreamRule } from './rule.ts'

export type Labels = Record<string, string>

export function seriesKey(rule: StreamRule, input: SeriesLabels): string {
  return rule.by === 'machine' ? input.machine_id : `${input.machine_id}/${input.sensor_id}`
}

export function seriesLabels(rule: StreamRule, input: SeriesLabels): Labels {
  const labels: Labels = { ...rule.labels, machine_id: input.machine_id }
  if (rule.by === 'sensor') labels.sensor_id = input.sensor_id
  if (input.line !== undefined) labels.line = input.line
  return labels
}

export function inScope(rule: StreamRule, input: SeriesLabels): boolean {
  for (const [name, wanted] of Object.entries(rule.filter)) {
    if (wanted === undefined) continue
    const actual = input[name as keyof SeriesLabels]
    if (actual === undefined) return false
    if (typeof wanted === 'string' ? actual !== wanted : !wanted.includes(actual)) return false
  }
  return true
}
