/**
 * Alerts (issue 15). A rule is one row holding its JSON as the API took it (validated by alerts/
 * checkRule on every write and read) and its current version; every save is also kept in
 * `alert_rule_versions`. An alert is one episode of one series under one rule (pending → firing
 * → resolved); every transition is an `alert_events` row, which the engine also commits to the
 * catalog's `alerts.events` (`exported_at` says it did). Notifications are `alert_deliveries`
 * rows kept until delivered, so none is lost silently; `alert_groups` remembers what each
 * contact was last told about a group (rule and machine) for the repeat interval.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // JSON: the rule as written (RuleSpec), normalised again by checkRule when read.
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // A pipeline rule the cockpit ships: tunable and disabled, never deleted.
    .addColumn('builtin', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('alert_rule_versions')
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_rule_versions_pk', ['rule_id', 'version'])
    .execute()
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // No foreign key: an alert's history outlives its rule.
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('value', 'real')
    .addColumn('peak', 'real')
    .addColumn('silenced', 'integer', (c) => c.notNull())
    .addColumn('ack_by', 'text')
    .addColumn('ack_at', 'text')
    .addColumn('ack_comment', 'text')
    .execute()
  await db.schema.createIndex('alerts_rule_key').on('alerts').columns(['rule_id', 'key', 'state']).execute()
  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('alert_id', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('value', 'real')
    .addColumn('peak', 'real')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('silenced', 'integer', (c) => c.notNull())
    // When the row was committed to the catalog's alerts.events; null until then.
    .addColumn('exported_at', 'text')
    .execute()
  await db.schema
    .createTable('alert_silences')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('alert_contacts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON: {url} for a webhook, {to: [...]} for e-mail.
    .addColumn('target', 'text', (c) => c.notNull())
    // The webhook's HMAC key (it must be usable, so it is kept, not hashed).
    .addColumn('secret', 'text')
    .addColumn('rule_ids', 'text', (c) => c.notNull())
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('repeat_minutes', 'integer', (c) => c.notNull())
    .addColumn('send_resolved', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('alert_groups')
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('alert_contacts.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    // JSON: the firing alert ids last notified, and when.
    .addColumn('notified', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_groups_pk', ['contact_id', 'group_key'])
    .execute()
  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('alert_contacts.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('delivered_at', 'text')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_deliveries', 'alert_groups', 'alert_contacts', 'alert_silences', 'alert_events', 'alerts', 'alert_rule_versions', 'alert_rules']) {
    await db.schema.dropTable(table).execute()
  }
}
