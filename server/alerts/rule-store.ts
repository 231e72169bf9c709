/**
 * Alert rules in the app database: list, read, create, save on a base version (409 when someone
 * saved since, nothing written), delete, and the enabled rules the engine runs. Every save keeps
 * the spec as written in `alert_rule_versions`; what the engine runs is that spec passed through
 * alerts/ checkRule again, so stored JSON never bypasses validation.
 */
import type { Selectable } from 'kysely'
import { parseRule, type Rule } from '../../alerts/index.ts'
import type { AppDb, AppSchema } from '../../db/index.ts'
import { ApiError, notFound } from '../http/api-error.ts'
import type { AlertRule, AlertRuleSpec, AlertRuleVersion } from './alert-schemas.ts'

export type AlertRuleRow = Selectable<AppSchema['alert_rules']>

export interface RuleSave {
  spec: AlertRuleSpec
  rule: Rule
  author: string
  at: string
  /** The id of a shipped pipeline rule. */
  builtin?: string
}

/** A rule the engine runs: its id and the normalised rule. */
export interface StoredRule {
  id: number
  version: number
  rule: Rule
  /** The shipped pipeline rule it is, or null. */
  builtin: string | null
}

export async function listRules(db: AppDb): Promise<AlertRule[]> {
  const rows = await db.selectFrom('alert_rules').selectAll().orderBy('name').orderBy('id').execute()
  return rows.map(toAlertRule)
}

export async function getRuleRow(db: AppDb, id: number): Promise<AlertRuleRow> {
  const row = await db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound(`no alert rule ${id}`, 'id')
  return row
}

export async function getRule(db: AppDb, id: number): Promise<AlertRule> {
  return toAlertRule(await getRuleRow(db, id))
}

export async function createRule(db: AppDb, save: RuleSave): Promise<AlertRule> {
  const row = await db
    .insertInto('alert_rules')
    .values({ ...columnsOf(save), version: 1, builtin: save.builtin ?? null, created_at: save.at, created_by: save.author })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db.insertInto('alert_rule_versions').values({ rule_id: row.id, version: 1, spec: row.spec, saved_at: save.at, saved_by: save.author }).execute()
  return toAlertRule(row)
}

export async function saveRule(db: AppDb, id: number, baseVersion: number, save: RuleSave): Promise<AlertRule> {
  await db.transaction().execute(async (trx) => {
    const current = await getRuleRow(trx as unknown as AppDb, id)
    if (current.version !== baseVersion) throw conflict(current, baseVersion)
    // The version in the WHERE makes check and write one step even across processes.
    const updated = await trx.updateTable('alert_rules').set({ ...columnsOf(save), version: baseVersion + 1 }).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
    if (updated.numUpdatedRows !== 1n) throw conflict(await getRuleRow(trx as unknown as AppDb, id), baseVersion)
    await trx.insertInto('alert_rule_versions').values({ rule_id: id, version: baseVersion + 1, spec: JSON.stringify(save.spec), saved_at: save.at, saved_by: save.author }).execute()
  })
  return getRule(db, id)
}

export async function deleteRule(db: AppDb, id: number): Promise<AlertRuleRow> {
  const row = await getRuleRow(db, id)
  if (row.builtin !== null) throw new ApiError(409, 'conflict', `rule ${id} is the built-in pipeline rule "${row.builtin}": disable it instead of deleting it`, { field: 'id' })
  await db.deleteFrom('alert_rules').where('id', '=', id).execute()
  return row
}

export async function ruleVersions(db: AppDb, id: number): Promise<AlertRuleVersion[]> {
  await getRuleRow(db, id)
  const rows = await db.selectFrom('alert_rule_versions').selectAll().where('rule_id', '=', id).orderBy('version', 'desc').execute()
  return rows.map((row) => ({ version: row.version, rule: JSON.parse(row.spec) as AlertRuleSpec, savedAt: row.saved_at, savedBy: row.saved_by }))
}

/** The enabled rules, normalised; one that no longer parses (a schema tightened since) is skipped and named. */
export async function enabledRules(db: AppDb, onInvalid: (id: number, error: unknown) => void = () => undefined): Promise<StoredRule[]> {
  const rows = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', 1).orderBy('id').execute()
  const rules: StoredRule[] = []
  for (const row of rows) {
    try {
      rules.push({ id: row.id, version: row.version, rule: parseRule(JSON.parse(row.spec)), builtin: row.builtin })
    } catch (error) {
      onInvalid(row.id, error)
    }
  }
  return rules
}

export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    severity: row.severity as AlertRule['severity'],
    enabled: row.enabled === 1,
    version: row.version,
    rule: JSON.parse(row.spec) as AlertRuleSpec,
    builtin: row.builtin !== null,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }
}

function columnsOf(save: RuleSave) {
  return { name: save.rule.name, kind: save.rule.kind, severity: save.rule.severity, enabled: save.rule.enabled ? 1 : 0, spec: JSON.stringify(save.spec), updated_at: save.at, updated_by: save.author }
}

function conflict(current: AlertRuleRow, baseVersion: number): ApiError {
  return new ApiError(409, 'conflict', `rule ${current.id} is at version ${current.version}, saved by ${current.updated_by} at ${current.updated_at}, not at version ${baseVersion}: reload it and apply your changes again (nothing was saved)`, { field: 'baseVersion' })
}
