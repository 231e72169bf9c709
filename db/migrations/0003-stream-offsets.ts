/**
 * Stream positions committed with the data they produced: for each consumer, topic and
 * partition, the next offset to read. The consumer resumes from here, not from Kafka's own
 * committed offsets, so a crash between the two commits neither loses nor doubles a message.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stream_offsets')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('next_offset', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('catalog_snapshots.id'))
    .addPrimaryKeyConstraint('stream_offsets_pk', ['consumer', 'topic', 'partition'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stream_offsets').execute()
}
