/**
 * The alert history in the catalog: `alerts.events`, one row per transition or acknowledgement,
 * queryable from cells like any table. Events are written to the app database first (the UI's
 * source, and the outbox here); this commits those not yet exported as one Parquet file and then
 * marks them. A crash between the two exports them again: the table's key (event_id) shows each
 * event once.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { commit, copyToParquet, ensureTable, quoteLiteral, type Catalog, type TableDefinition } from '../../catalog/index.ts'
import type { AppDb } from '../../db/index.ts'

export const alertEventsTable: TableDefinition = {
  name: 'alerts.events',
  layer: 'alerts',
  columns: [
    { name: 'event_id', type: 'BIGINT' },
    { name: 'alert_id', type: 'BIGINT' },
    { name: 'rule_id', type: 'BIGINT' },
    { name: 'rule_name', type: 'VARCHAR' },
    { name: 'key', type: 'VARCHAR' },
    { name: 'machine_id', type: 'VARCHAR' },
    { name: 'sensor_id', type: 'VARCHAR' },
    { name: 'labels', type: 'VARCHAR' },
    { name: 'state', type: 'VARCHAR' },
    { name: 'at', type: 'TIMESTAMPTZ' },
    { name: 'value', type: 'DOUBLE' },
    { name: 'peak', type: 'DOUBLE' },
    { name: 'severity', type: 'VARCHAR' },
    { name: 'silenced', type: 'BOOLEAN' },
    { name: 'exported_at', type: 'TIMESTAMPTZ' },
  ],
  key: ['event_id'],
  orderBy: ['exported_at'],
}

/** At most this many events per commit; the next export takes the rest. */
const BATCH = 50_000

/** Commits the events not yet in the catalog; answers how many. */
export async function exportAlertEvents(db: AppDb, catalog: Catalog, now = new Date()): Promise<number> {
  const rows = await db.selectFrom('alert_events').selectAll().where('exported_at', 'is', null).orderBy('id').limit(BATCH).execute()
  if (rows.length === 0) return 0
  await ensureTable(catalog, alertEventsTable)
  const dir = join(catalog.stagingDir, `alert-events-${randomUUID()}`)
  mkdirSync(dir, { recursive: true })
  const exportedAt = now.toISOString()
  try {
    const lines = rows.map((row) => {
      const labels = JSON.parse(row.labels) as Record<string, string>
      return JSON.stringify({ event_id: row.id, alert_id: row.alert_id, rule_id: row.rule_id, rule_name: row.rule_name, key: row.key, machine_id: labels.machine_id ?? null, sensor_id: labels.sensor_id ?? null, labels: row.labels, state: row.to_state, at: row.at, value: row.value, peak: row.peak, severity: row.severity, silenced: row.silenced === 1, exported_at: exportedAt })
    })
    const source = join(dir, 'events.ndjson')
    writeFileSync(source, `${lines.join('\n')}\n`)
    const file = join(dir, 'events.parquet')
    const columns = `{${alertEventsTable.columns.map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(column.type)}`).join(', ')}}`
    const instance = await DuckDBInstance.create(':memory:')
    try {
      const connection = await instance.connect()
      try {
        const rowCount = await copyToParquet(connection, `select * from read_json(${quoteLiteral(source)}, format = 'newline_delimited', columns = ${columns})`, file, 'snappy')
        await commit(catalog, { operation: 'append', add: [{ table: alertEventsTable.name, localFile: file, rowCount }], lineage: [{ table: alertEventsTable.name, sourceKind: 'table', source: 'app database alert_events', detail: `events ${rows[0]!.id}..${rows.at(-1)!.id}` }] })
      } finally {
        connection.closeSync()
      }
    } finally {
      instance.closeSync()
    }
    await db.updateTable('alert_events').set({ exported_at: exportedAt }).where('id', 'in', rows.map((row) => row.id)).execute()
    return rows.length
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
