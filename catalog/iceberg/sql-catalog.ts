/**
 * The Iceberg SQL catalog in the app database: one `iceberg_tables` row per exported table,
 * pointing at its current metadata file, as PyIceberg's SqlCatalog and Iceberg's JdbcCatalog
 * read it; plus our own record of how far each table is published. One transaction, so a
 * reader never sees a table pointing at metadata we have not recorded.
 */
import type { Catalog } from '../catalog.ts'
import { icebergIdentifier } from './iceberg-layout.ts'

/** The `catalog_name` readers configure (PyIceberg: `SqlCatalog("cockpit", …)`). */
export const ICEBERG_CATALOG_NAME = 'cockpit'

export interface ExportState {
  snapshotId: number
  metadataLocation: string
  /** Storage key of that snapshot's position delete file, if it has one. */
  deleteFile: string | null
}

export async function exportState(catalog: Catalog, table: string): Promise<ExportState | undefined> {
  const row = await catalog.db.selectFrom('iceberg_exports').selectAll().where('table_name', '=', table).executeTakeFirst()
  return row === undefined ? undefined : { snapshotId: row.snapshot_id, metadataLocation: row.metadata_location, deleteFile: row.delete_file }
}

/** Another publisher (a second instance) published the table first; this run's work is dropped. */
export class IcebergPublishConflict extends Error {
  override readonly name = 'IcebergPublishConflict'
}

/**
 * Points the SQL catalog at a new metadata file. Compare-and-set on the snapshot we built on
 * (`built`, undefined for a table's first): if another publisher moved the table meanwhile, its
 * metadata stays and this throws, so no published snapshot is ever dropped from the history.
 */
export async function registerMetadata(catalog: Catalog, table: string, state: ExportState, built: ExportState | undefined): Promise<void> {
  const { snapshotId, metadataLocation, deleteFile } = state
  const { namespace, name } = icebergIdentifier(table)
  const now = catalog.clock().toISOString()
  await catalog.db.transaction().execute(async (trx) => {
    if (built === undefined) {
      const inserted = await trx
        .insertInto('iceberg_exports')
        .values({ table_name: table, snapshot_id: snapshotId, metadata_location: metadataLocation, delete_file: deleteFile, published_at: now })
        .onConflict((oc) => oc.column('table_name').doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new IcebergPublishConflict(`${table}: published by another process meanwhile`)
    } else {
      const updated = await trx
        .updateTable('iceberg_exports')
        .set({ snapshot_id: snapshotId, metadata_location: metadataLocation, delete_file: deleteFile, published_at: now })
        .where('table_name', '=', table)
        .where('snapshot_id', '=', built.snapshotId)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) throw new IcebergPublishConflict(`${table}: published by another process meanwhile`)
    }
    await trx
      .insertInto('iceberg_namespace_properties')
      .values({ catalog_name: ICEBERG_CATALOG_NAME, namespace, property_key: 'exists', property_value: 'true' })
      .onConflict((oc) => oc.columns(['catalog_name', 'namespace', 'property_key']).doNothing())
      .execute()
    const previous = built?.metadataLocation ?? null
    await trx
      .insertInto('iceberg_tables')
      .values({ catalog_name: ICEBERG_CATALOG_NAME, table_namespace: namespace, table_name: name, metadata_location: metadataLocation, previous_metadata_location: previous, iceberg_type: 'TABLE' })
      .onConflict((oc) => oc.columns(['catalog_name', 'table_namespace', 'table_name']).doUpdateSet({ metadata_location: metadataLocation, previous_metadata_location: previous }))
      .execute()
  })
}

/**
 * The metadata location `iceberg_tables` holds for `table` when it is not the one we published
 * last — another engine committed to the table (readers only, docs/iceberg.md); else undefined.
 */
export async function foreignMetadata(catalog: Catalog, table: string, state: ExportState): Promise<string | undefined> {
  const { namespace, name } = icebergIdentifier(table)
  const row = await catalog.db
    .selectFrom('iceberg_tables')
    .select('metadata_location')
    .where('catalog_name', '=', ICEBERG_CATALOG_NAME)
    .where('table_namespace', '=', namespace)
    .where('table_name', '=', name)
    .executeTakeFirst()
  const location = row?.metadata_location ?? null
  return location === state.metadataLocation ? undefined : (location ?? '(table dropped)')
}
