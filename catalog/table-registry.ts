/**
 * Table definitions in the catalog's metadata. The layers that own a table (MES ingestion,
 * KPI builds, the sensor stream) declare it here; a changed column list bumps the schema
 * version, so history shows when a table's shape changed.
 */
import type { Selectable } from 'kysely'
import type { CatalogTablesTable } from '../db/index.ts'
import type { Catalog } from './catalog.ts'

export interface ColumnDefinition {
  name: string
  /** A DuckDB type, e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMPTZ. */
  type: string
}

export interface TableDefinition {
  /** `<schema>.<table>`, e.g. mes.orders. */
  name: string
  layer: 'raw' | 'mes' | 'kpi' | 'quarantine' | 'sensors' | 'alerts'
  columns: ColumnDefinition[]
  /** Natural key: the view shows only the latest version of each key. */
  key?: string[]
  /** Columns that order versions of a key, latest first (compared descending). */
  orderBy?: string[]
}

export interface RegisteredTable extends TableDefinition {
  schemaVersion: number
  createdAt: string
  updatedAt: string
}

export async function ensureTable(catalog: Catalog, definition: TableDefinition): Promise<RegisteredTable> {
  const now = catalog.clock().toISOString()
  const columns = JSON.stringify(definition.columns)
  const key = definition.key === undefined ? null : JSON.stringify(definition.key)
  const order = definition.orderBy === undefined ? null : JSON.stringify(definition.orderBy)
  let existing = await catalog.db.selectFrom('catalog_tables').selectAll().where('name', '=', definition.name).executeTakeFirst()
  if (existing === undefined) {
    // Instances sharing one catalog may declare the table at the same moment: the first wins.
    const inserted = await catalog.db
      .insertInto('catalog_tables')
      .values({ name: definition.name, layer: definition.layer, columns, key_columns: key, order_columns: order, schema_version: 1, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { ...definition, schemaVersion: 1, createdAt: now, updatedAt: now }
    existing = await catalog.db.selectFrom('catalog_tables').selectAll().where('name', '=', definition.name).executeTakeFirstOrThrow()
  }
  const changed = existing.columns !== columns || existing.key_columns !== key || existing.order_columns !== order
  if (!changed) return toRegistered(existing)
  await catalog.db
    .updateTable('catalog_tables')
    .set({ columns, key_columns: key, order_columns: order, schema_version: existing.schema_version + 1, updated_at: now })
    .where('name', '=', definition.name)
    .execute()
  return { ...definition, schemaVersion: existing.schema_version + 1, createdAt: existing.created_at, updatedAt: now }
}

export async function listTables(catalog: Catalog): Promise<RegisteredTable[]> {
  const rows = await catalog.db.selectFrom('catalog_tables').selectAll().orderBy('name').execute()
  return rows.map(toRegistered)
}

export async function getTable(catalog: Catalog, name: string): Promise<RegisteredTable | undefined> {
  const row = await catalog.db.selectFrom('catalog_tables').selectAll().where('name', '=', name).executeTakeFirst()
  return row === undefined ? undefined : toRegistered(row)
}

function toRegistered(row: Selectable<CatalogTablesTable>): RegisteredTable {
  return {
    name: row.name,
    layer: row.layer as TableDefinition['layer'],
    columns: JSON.parse(row.columns) as ColumnDefinition[],
    key: row.key_columns === null ? undefined : (JSON.parse(row.key_columns) as string[]),
    orderBy: row.order_columns === null ? undefined : (JSON.parse(row.order_columns) as string[]),
    schemaVersion: row.schema_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
