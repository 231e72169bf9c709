/**
 * Indexes on alert_events, which grows by every transition for as long as the plant runs: the
 * firing spans drawn on charts ask, per alert, whether it ever fired (alert_id, to_state), and
 * the export to the catalog's alerts.events picks the rows not exported yet (exported_at).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('alert_events_alert_state').on('alert_events').columns(['alert_id', 'to_state']).execute()
  await db.schema.createIndex('alert_events_exported').on('alert_events').columns(['exported_at', 'id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('alert_events_exported').execute()
  await db.schema.dropIndex('alert_events_alert_state').execute()
}
