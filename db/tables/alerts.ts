/** Alerts: rules and their versions, alert episodes and their events, silences, contacts, groups and deliveries. */
import type { Generated } from 'kysely'

/** Alert rules (migration 0011): the spec as JSON, its version, enabled. */
export interface AlertRulesTable {
  id: Generated<number>
  name: string
  kind: string
  severity: string
  enabled: number
  spec: string
  version: number
  /** The id of a shipped pipeline rule, or null for one an engineer wrote. */
  builtin: string | null
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
}

export interface AlertRuleVersionsTable {
  rule_id: number
  version: number
  spec: string
  saved_at: string
  saved_by: string
}

/** One alert episode of one series under one rule. */
export interface AlertsTable {
  id: Generated<number>
  rule_id: number
  rule_name: string
  key: string
  labels: string
  state: string
  severity: string
  since: string
  updated_at: string
  value: number | null
  peak: number | null
  silenced: number
  ack_by: string | null
  ack_at: string | null
  ack_comment: string | null
}

export interface AlertEventsTable {
  id: Generated<number>
  alert_id: number
  rule_id: number
  rule_name: string
  key: string
  labels: string
  to_state: string
  at: string
  value: number | null
  peak: number | null
  severity: string
  silenced: number
  exported_at: string | null
}

export interface AlertSilencesTable {
  id: Generated<number>
  matchers: string
  starts_at: string
  ends_at: string
  author: string
  comment: string
  created_at: string
}

export interface AlertContactsTable {
  id: Generated<number>
  name: string
  kind: string
  target: string
  secret: string | null
  rule_ids: string
  min_severity: string
  repeat_minutes: number
  send_resolved: number
  created_by: string
  created_at: string
}

export interface AlertGroupsTable {
  contact_id: number
  group_key: string
  notified: string
  notified_at: string
}

export interface AlertDeliveriesTable {
  id: Generated<number>
  contact_id: number
  group_key: string
  payload: string
  status: string
  attempts: number
  last_error: string | null
  created_at: string
  next_attempt_at: string | null
  delivered_at: string | null
}
