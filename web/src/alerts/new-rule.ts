/**
 * What a new rule starts from: a built-in template of alerts/ (or a SQL rule, which has none
 * there), off until someone has backtested it and enables it. A notebook's sql cell arrives as
 * its query.
 */
import { TEMPLATES, type RuleSpec } from '../../../alerts/index.ts'

const SQL_START = {
  name: 'from a query',
  kind: 'sql',
  sql: 'select machine_id, avg(oee) as oee\nfrom kpi.machine_daily\nwhere day = current_date - 1\ngroup by machine_id\nhaving avg(oee) < 0.6',
  every: '5m',
  labels: ['machine_id'],
  severity: 'warning',
} as const satisfies RuleSpec

export function newRuleSpec(template: string | undefined, cell?: { sql?: string; name?: string }): Record<string, unknown> {
  if (cell?.sql !== undefined) return { ...SQL_START, name: cell.name || SQL_START.name, sql: cell.sql, enabled: false }
  const found = TEMPLATES.find((candidate) => candidate.id === template)
  return { ...(found?.spec ?? (template === 'sql' ? SQL_START : TEMPLATES[1].spec)), enabled: false }
}
